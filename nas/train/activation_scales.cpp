// SPDX-License-Identifier: MIT
#include "nas/train/activation_scales.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace imc::nas {

double magnitude_percentile(const torch::Tensor& magnitudes, double percentile) {
  torch::Tensor v = magnitudes.detach().flatten();
  if (v.numel() == 0) return 0;
  const int64_t stride = std::max<int64_t>(1, v.numel() / (int64_t{1} << 22));
  v = v.slice(0, 0, v.numel(), stride);
  const auto k =
      std::clamp<int64_t>(static_cast<int64_t>(std::ceil(percentile / 100 * double(v.numel()))), 1, v.numel());
  return std::get<0>(v.kthvalue(k)).item<double>();
}

double ActivationScales::measure(const torch::Tensor& x) const {
  return magnitude_percentile(x.detach().abs(), m_percentile);
}

void ActivationScales::missing(const char* what, size_t layer) {
  throw std::logic_error(std::string("no calibrated scale for the ") + what + " of layer " + std::to_string(layer) +
                         " (the calibration forward did not reach it)");
}

ActivationScales::Range ActivationScales::input(size_t layer, const torch::Tensor& x) {
  auto it = m_input.find(layer);
  if (it != m_input.end()) return it->second;
  if (!m_calibrating) missing("input", layer);
  const Range r{measure(x), x.numel() > 0 && (x.detach().min() < 0).item<bool>()};
  return m_input.emplace(layer, r).first->second;
}

double ActivationScales::output(size_t layer, const torch::Tensor& x) {
  auto it = m_output.find(layer);
  if (it != m_output.end()) return it->second;
  if (!m_calibrating) missing("output", layer);
  return m_output.emplace(layer, measure(x)).first->second;
}

}  // namespace imc::nas
