// SPDX-License-Identifier: MIT
#include "nas/train/torch_net.h"

#include <cmath>

namespace imc::nas {

using workloads::Layer;
using workloads::LayerKind;

torch::Tensor fake_quantize_signed(const torch::Tensor& w, int bits, double noise_std) {
  const double levels = std::pow(2.0, bits - 1) - 1;
  const torch::Tensor scale = (w.detach().abs().max() / levels).clamp_min(1e-12);
  torch::Tensor q = torch::round(w.detach() / scale).clamp(-levels, levels);
  if (noise_std > 0) q = q + torch::randn_like(q) * noise_std;  // cell variation, in weight steps
  return w + (q * scale - w).detach();                          // straight-through estimator
}

torch::Tensor fake_quantize_unsigned(const torch::Tensor& a, int bits) {
  const double levels = std::pow(2.0, bits) - 1;
  const torch::Tensor scale = (a.detach().max() / levels).clamp_min(1e-12);
  const torch::Tensor q = torch::round(a.detach() / scale).clamp(0, levels);
  return a + (q * scale - a).detach();
}

NetModuleImpl::NetModuleImpl(const workloads::Network& net) : m_net(net) {
  const size_t n = net.layers().size();
  m_conv.resize(n, nullptr);
  m_linear.resize(n, nullptr);
  m_bn2d.resize(n, nullptr);
  m_bn1d.resize(n, nullptr);
  m_folded_into.assign(n, -1);
  for (size_t i = 0; i < n; ++i) {
    const Layer& l = net.layers()[i];
    const auto& s = l.spec;
    switch (l.kind()) {
      case LayerKind::Conv2d:
        m_conv[i] = register_module(l.name(),
                                    torch::nn::Conv2d(torch::nn::Conv2dOptions(l.in.channels, s.out_channels, s.kernel)
                                                          .stride(s.stride)
                                                          .padding(s.padding)
                                                          .bias(s.bias)));
        break;
      case LayerKind::Linear:
        m_linear[i] = register_module(
            l.name(), torch::nn::Linear(torch::nn::LinearOptions(l.in.elements(), s.out_channels).bias(s.bias)));
        break;
      case LayerKind::BatchNorm:
        if (l.in.flat) {
          m_bn1d[i] = register_module(l.name(), torch::nn::BatchNorm1d(l.in.channels));
        } else {
          m_bn2d[i] = register_module(l.name(), torch::nn::BatchNorm2d(l.in.channels));
          // A BN that only follows one conv is folded into it for the hardware view.
          const int p = l.producers.empty() ? -1 : l.producers.front();
          if (p >= 0 && net.layer(p).kind() == LayerKind::Conv2d && net.layer(p).consumers.size() == 1)
            m_folded_into[i] = p;
        }
        break;
      default:
        break;
    }
  }
}

torch::Tensor NetModuleImpl::weighted(size_t i, const torch::Tensor& x, const ForwardMode& mode) {
  const int bits = i < mode.weight_bits.size() ? mode.weight_bits[i] : 0;
  const double noise = i < mode.noise_std.size() ? mode.noise_std[i] : 0.0;
  if (m_linear[i]) {
    torch::Tensor w = m_linear[i]->weight;
    if (bits > 0) w = fake_quantize_signed(w, bits, noise);
    const torch::Tensor in = x.dim() > 2 ? x.flatten(1) : x;
    return torch::nn::functional::linear(in, w, m_linear[i]->bias);
  }
  torch::nn::Conv2d& conv = m_conv[i];
  torch::Tensor w = conv->weight;
  torch::Tensor b = conv->options.bias() ? conv->bias : torch::Tensor();
  // Fold the following BN (eval only): W' = W * gamma / sigma, b' = (b - mu) * gamma / sigma + beta.
  if (mode.fold_bn && !is_training()) {
    const int consumer = m_net.layers()[i].consumers.empty() ? -1 : m_net.layers()[i].consumers.front();
    if (consumer >= 0 && m_folded_into[static_cast<size_t>(consumer)] == static_cast<int>(i)) {
      const torch::nn::BatchNorm2d& bn = m_bn2d[static_cast<size_t>(consumer)];
      const torch::Tensor factor = bn->weight / torch::sqrt(bn->running_var + bn->options.eps());
      w = w * factor.view({-1, 1, 1, 1});
      const torch::Tensor bias = b.defined() ? b : torch::zeros_like(bn->running_mean);
      b = (bias - bn->running_mean) * factor + bn->bias;
    }
  }
  if (bits > 0) w = fake_quantize_signed(w, bits, noise);
  return torch::nn::functional::conv2d(x, w,
                                       torch::nn::functional::Conv2dFuncOptions()
                                           .bias(b)
                                           .stride(conv->options.stride())
                                           .padding(conv->options.padding()));
}

torch::Tensor NetModuleImpl::forward(const torch::Tensor& x, const ForwardMode& mode) {
  const auto& layers = m_net.layers();
  std::vector<torch::Tensor> out(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& l = layers[i];
    const auto& s = l.spec;
    auto in = [&](size_t k = 0) { return out[static_cast<size_t>(l.producers.at(k))]; };
    switch (l.kind()) {
      case LayerKind::Input:
        out[i] = x;
        break;
      case LayerKind::Conv2d:
      case LayerKind::Linear:
        out[i] = weighted(i, in(), mode);
        break;
      case LayerKind::BatchNorm:
        if (mode.fold_bn && !is_training() && m_folded_into[i] >= 0) {
          out[i] = in();  // already inside the conv's weights
        } else {
          out[i] = m_bn2d[i] ? m_bn2d[i]->forward(in()) : m_bn1d[i]->forward(in().dim() > 2 ? in().flatten(1) : in());
        }
        break;
      case LayerKind::Relu: {
        out[i] = torch::relu(in());
        const int bits = i < mode.activation_bits.size() ? mode.activation_bits[i] : 0;
        if (bits > 0) out[i] = fake_quantize_unsigned(out[i], bits);
        break;
      }
      case LayerKind::MaxPool:
        out[i] = torch::max_pool2d(in(), s.kernel, s.stride, s.padding);
        break;
      case LayerKind::AvgPool:
        out[i] = torch::avg_pool2d(in(), s.kernel, s.stride, s.padding);
        break;
      case LayerKind::Add: {
        torch::Tensor sum = in(0);
        for (size_t k = 1; k < l.producers.size(); ++k) sum = sum + in(k);
        out[i] = sum;
        break;
      }
      case LayerKind::Concat: {
        std::vector<torch::Tensor> parts;
        for (size_t k = 0; k < l.producers.size(); ++k) parts.push_back(in(k));
        out[i] = torch::cat(parts, 1);
        break;
      }
      case LayerKind::Flatten:
        out[i] = in().flatten(1);
        break;
      case LayerKind::Dropout:
        out[i] = torch::dropout(in(), s.dropout_p, is_training());
        break;
    }
    // Free what no later layer reads.
    for (int p : l.producers) {
      const auto& consumers = layers[static_cast<size_t>(p)].consumers;
      if (!consumers.empty() && consumers.back() == static_cast<int>(i)) out[static_cast<size_t>(p)] = torch::Tensor();
    }
  }
  return out.back();
}

}  // namespace imc::nas
