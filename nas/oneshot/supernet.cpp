// SPDX-License-Identifier: MIT
#include "nas/oneshot/supernet.h"

#include <cmath>

namespace imc::nas {
namespace {

/// A torch module's names cannot hold '.': "b1_VGG_conv1.weight" is registered as "b1_VGG_conv1#weight".
std::string module_name(std::string name) {
  for (char& c : name)
    if (c == '.') c = '#';
  return name;
}

torch::Tensor sliced(const torch::Tensor& bank, const TensorSlice& s) {
  torch::Tensor t = bank;
  for (size_t d = 0; d < s.dims.size(); ++d)
    if (s.offset[d] != 0 || s.dims[d] != bank.size(static_cast<int64_t>(d)))
      t = t.narrow(static_cast<int64_t>(d), s.offset[d], s.dims[d]);
  if (s.scale != 1) t = t * s.scale;
  return t.contiguous();
}

}  // namespace

SupernetImpl::SupernetImpl(SupernetLayout layout) : m_layout(std::move(layout)) {
  torch::NoGradGuard no_grad;
  for (const auto& [name, spec] : m_layout.tensors()) {
    const std::string param = name.substr(name.rfind('.') + 1);
    const std::string weight = name.substr(0, name.rfind('.')) + ".weight";
    const auto w = m_layout.tensors().find(weight);
    const bool bn = w != m_layout.tensors().end() && w->second.dims.size() == 1;
    torch::Tensor t;
    if (param == "norm_weight" || (bn && param == "weight")) {
      t = torch::ones(spec.dims);
    } else if (param == "norm_bias" || (bn && param == "bias")) {
      t = torch::zeros(spec.dims);
    } else if (param == "bias") {
      // Drawn as PyTorch draws a bias, from its weight's fan-in.
      int64_t fan_in = 1;
      for (size_t d = 1; d < w->second.dims.size(); ++d) fan_in *= w->second.dims[d];
      const double bound = 1.0 / std::sqrt(double(fan_in));
      t = torch::empty(spec.dims).uniform_(-bound, bound);
    } else {
      t = torch::empty(spec.dims);
      torch::nn::init::kaiming_uniform_(t, std::sqrt(5.0));  // PyTorch's conv and linear default
    }
    m_tensors[name] = register_parameter(module_name(name), t);
  }
}

torch::Tensor SupernetImpl::View::get(size_t layer, const std::string& param) const {
  if (layer >= m_slices.size() || !m_slices[layer]) return torch::Tensor();
  const auto it = m_slices[layer]->find(param);
  if (it == m_slices[layer]->end()) return torch::Tensor();  // a layer without a bias
  return sliced(m_net.m_tensors.at(it->second.tensor), it->second);
}

bool SupernetImpl::View::has_norm(size_t layer) const {
  return layer < m_slices.size() && m_slices[layer] && m_slices[layer]->count("norm_weight");
}

std::pair<torch::Tensor, torch::Tensor>& SupernetImpl::View::statistics(size_t layer) {
  auto it = m_statistics.find(layer);
  if (it == m_statistics.end()) {
    const int64_t channels = m_candidate.layers().at(layer).kind() == workloads::LayerKind::BatchNorm
                                 ? m_candidate.layers()[layer].in.channels
                                 : m_candidate.layers()[layer].spec.out_channels;
    it = m_statistics.emplace(layer, std::pair(torch::zeros({channels}), torch::ones({channels}))).first;
  }
  return it->second;
}

torch::Tensor SupernetImpl::View::norm_factor(size_t layer) {
  return get(layer, "norm_weight") / torch::sqrt(statistics(layer).second + kBnEps);
}

torch::Tensor SupernetImpl::View::weight(size_t layer) {
  torch::Tensor w = get(layer, "weight");
  if (!m_folded || !has_norm(layer)) return w;
  std::vector<int64_t> shape(static_cast<size_t>(w.dim()), 1);
  shape[0] = -1;
  return w * norm_factor(layer).view(shape);
}

torch::Tensor SupernetImpl::View::bias(size_t layer) {
  torch::Tensor b = get(layer, "bias");
  if (!m_folded || !has_norm(layer)) return b;
  return (b - statistics(layer).first) * norm_factor(layer) + get(layer, "norm_bias");
}

torch::Tensor SupernetImpl::View::normalized(size_t layer, const torch::Tensor& y, bool training, double momentum) {
  if (m_folded || !has_norm(layer)) return y;
  auto& [mean, var] = statistics(layer);
  return torch::batch_norm(y, get(layer, "norm_weight"), get(layer, "norm_bias"), mean, var, training, momentum, kBnEps,
                           false);
}

void SupernetImpl::View::recalibrate(const std::vector<int>& folded_into, const torch::Tensor& images, ForwardMode mode,
                                     int64_t batch) {
  torch::NoGradGuard no_grad;
  m_statistics.clear();
  mode.fold_bn = false;
  for (int64_t start = 0, k = 0; start < images.size(0); start += batch, ++k) {
    mode.bn_momentum = 1.0 / double(k + 1);
    forward_graph(m_candidate, *this, folded_into, images.slice(0, start, std::min(images.size(0), start + batch)),
                  mode, true);
  }
}

workloads::NetWeights SupernetImpl::View::extract() {
  torch::NoGradGuard no_grad;
  fold();
  workloads::NetWeights out;
  auto put = [&](size_t layer, const char* param, const torch::Tensor& t) {
    if (!t.defined()) return;
    const torch::Tensor c = t.to(torch::kFloat32).contiguous();
    workloads::WeightTensor w;
    w.dims.assign(c.sizes().begin(), c.sizes().end());
    w.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    out[m_candidate.layers()[layer].name() + "." + param] = std::move(w);
  };
  for (size_t i = 0; i < m_slices.size(); ++i) {
    if (!m_slices[i]) continue;
    put(i, "weight", weight(i));
    put(i, "bias", bias(i));
    if (m_candidate.layers()[i].kind() != workloads::LayerKind::BatchNorm) continue;
    put(i, "running_mean", running_mean(i));
    put(i, "running_var", running_var(i));
  }
  return out;
}

}  // namespace imc::nas
