// SPDX-License-Identifier: MIT
#include "nas/train/torch_net.h"

namespace imc::nas {

using workloads::Layer;
using workloads::LayerKind;

NetModuleImpl::NetModuleImpl(const workloads::Network& net) : m_net(net), m_folded_into(bn_folding(net)) {
  const size_t n = net.layers().size();
  m_conv.resize(n, nullptr);
  m_linear.resize(n, nullptr);
  m_bn2d.resize(n, nullptr);
  m_bn1d.resize(n, nullptr);
  for (size_t i = 0; i < n; ++i) {
    const Layer& l = net.layers()[i];
    const auto& s = l.spec;
    switch (l.kind()) {
      case LayerKind::Conv2d:
        m_conv[i] = register_module(l.name(),
                                    torch::nn::Conv2d(torch::nn::Conv2dOptions(l.in.channels, s.out_channels, s.kernel)
                                                          .stride(s.stride)
                                                          .padding(s.padding.symmetric() ? s.padding.top : 0)
                                                          .groups(s.groups)
                                                          .bias(s.bias)));
        break;
      case LayerKind::Linear:
        m_linear[i] = register_module(
            l.name(), torch::nn::Linear(torch::nn::LinearOptions(l.in.elements(), s.out_channels).bias(s.bias)));
        break;
      case LayerKind::BatchNorm:
        if (l.in.flat)
          m_bn1d[i] =
              register_module(l.name(), torch::nn::BatchNorm1d(torch::nn::BatchNormOptions(l.in.channels).eps(kBnEps)));
        else
          m_bn2d[i] =
              register_module(l.name(), torch::nn::BatchNorm2d(torch::nn::BatchNormOptions(l.in.channels).eps(kBnEps)));
        break;
      default:
        break;
    }
  }
}

torch::Tensor NetModuleImpl::weight(size_t i) {
  if (m_conv[i]) return m_conv[i]->weight;
  if (m_linear[i]) return m_linear[i]->weight;
  return m_bn2d[i] ? m_bn2d[i]->weight : m_bn1d[i]->weight;
}

torch::Tensor NetModuleImpl::bias(size_t i) {
  if (m_conv[i]) return m_conv[i]->options.bias() ? m_conv[i]->bias : torch::Tensor();
  if (m_linear[i]) return m_linear[i]->options.bias() ? m_linear[i]->bias : torch::Tensor();
  return m_bn2d[i] ? m_bn2d[i]->bias : m_bn1d[i]->bias;
}

torch::Tensor NetModuleImpl::running_mean(size_t i) {
  return m_bn2d[i] ? m_bn2d[i]->running_mean : m_bn1d[i]->running_mean;
}

torch::Tensor NetModuleImpl::running_var(size_t i) {
  return m_bn2d[i] ? m_bn2d[i]->running_var : m_bn1d[i]->running_var;
}

torch::Tensor NetModuleImpl::forward(const torch::Tensor& x, const ForwardMode& mode) {
  return forward_graph(m_net, *this, m_folded_into, x, mode, is_training());
}

}  // namespace imc::nas
