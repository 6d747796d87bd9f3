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
  return t.contiguous();  // a BN statistic stays a view of its bank (its slice is contiguous)
}

}  // namespace

SupernetImpl::SupernetImpl(SupernetLayout layout) : m_layout(std::move(layout)) {
  torch::NoGradGuard no_grad;
  for (const auto& [name, spec] : m_layout.tensors()) {
    const std::string param = name.substr(name.rfind('.') + 1);
    torch::Tensor t;
    if (param == "running_mean") {
      t = torch::zeros(spec.dims);
    } else if (param == "running_var") {
      t = torch::ones(spec.dims);
    } else if (spec.dims.size() == 1) {
      // A bias or a BN's affine part. A bias is drawn as PyTorch draws it, from its weight's fan-in.
      const std::string weight = name.substr(0, name.rfind('.')) + ".weight";
      const auto w = m_layout.tensors().find(weight);
      const bool bn = w != m_layout.tensors().end() && w->second.dims.size() == 1;
      if (bn) {
        t = param == "weight" ? torch::ones(spec.dims) : torch::zeros(spec.dims);
      } else {
        int64_t fan_in = 1;
        for (size_t d = 1; d < w->second.dims.size(); ++d) fan_in *= w->second.dims[d];
        const double bound = 1.0 / std::sqrt(double(fan_in));
        t = torch::empty(spec.dims).uniform_(-bound, bound);
      }
    } else {
      t = torch::empty(spec.dims);
      torch::nn::init::kaiming_uniform_(t, std::sqrt(5.0));  // PyTorch's conv and linear default
    }
    m_tensors[name] = spec.trained ? register_parameter(module_name(name), t) : register_buffer(module_name(name), t);
  }
}

torch::Tensor SupernetImpl::View::get(size_t layer, const std::string& param) const {
  if (layer >= m_slices.size() || !m_slices[layer]) return torch::Tensor();
  const auto it = m_slices[layer]->find(param);
  if (it == m_slices[layer]->end()) return torch::Tensor();  // a layer without a bias
  return sliced(m_net.m_tensors.at(it->second.tensor), it->second);
}

workloads::NetWeights SupernetImpl::extract(const Point& point, const workloads::Network& net) {
  torch::NoGradGuard no_grad;
  const std::vector<std::optional<LayerSlices>> slices = m_layout.slices(point, net);
  workloads::NetWeights out;
  for (size_t i = 0; i < slices.size(); ++i) {
    if (!slices[i]) continue;
    for (const auto& [param, s] : *slices[i]) {
      const torch::Tensor t = sliced(m_tensors.at(s.tensor), s).to(torch::kFloat32).contiguous();
      workloads::WeightTensor w;
      w.dims = s.dims;
      w.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
      out[net.layers()[i].name() + "." + param] = std::move(w);
    }
  }
  return out;
}

}  // namespace imc::nas
