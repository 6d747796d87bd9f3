// SPDX-License-Identifier: MIT
#include "nas/train/quantizers.h"

#include <cmath>

namespace imc::nas {

Quantized quantize_codes(const torch::Tensor& x, int bits, bool is_signed, std::optional<double> range) {
  const double levels = is_signed ? std::pow(2.0, bits - 1) - 1 : std::pow(2.0, bits) - 1;
  const torch::Tensor d = x.detach();
  const torch::Tensor top = range ? torch::scalar_tensor(*range, d.options()) : (is_signed ? d.abs().max() : d.max());
  const torch::Tensor step = (top / levels).clamp_min(1e-12);
  torch::Tensor codes = d / step;  // one buffer, rounded and clamped in place
  codes.round_().clamp_(is_signed ? -levels : 0.0, levels);
  return {codes, step};
}

torch::Tensor fake_quantize_signed(const torch::Tensor& w, int bits, double noise_std, const TrainingCells* cells) {
  Quantized q = quantize_codes(w, bits, true);
  if (cells)
    q.codes = cells->held(q.codes, bits);
  else if (noise_std > 0)
    q.codes = q.codes + torch::randn_like(q.codes) * noise_std;  // cell variation, in weight steps
  return w + (q.codes * q.step - w).detach();                    // straight-through estimator
}

torch::Tensor fake_quantize(const torch::Tensor& x, int bits, bool is_signed, std::optional<double> range) {
  Quantized q = quantize_codes(x, bits, is_signed, range);
  // Nothing to differentiate (evaluation): the quantized values, in the codes' buffer.
  if (!x.requires_grad() || !torch::GradMode::is_enabled()) return q.codes.mul_(q.step);
  return x + (q.codes * q.step - x).detach();  // straight-through estimator
}

}  // namespace imc::nas
