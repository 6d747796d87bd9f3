// SPDX-License-Identifier: MIT
// The statistical PCM model that IBM's AIHWKit ships (PCMLikeNoiseModel; Nandakumar et al.,
// ICECS 2019; Joshi et al., Nature Communications 2020), restated in
// ../shared/reference/pcm-model.md. Conductances in µS; `z` tensors are standard normal draws,
// passed in so that each step can be checked against the equations element by element.
#pragma once

#include <torch/torch.h>

#include "configs/hw_config.h"

namespace imc::nas::pcm {

constexpr double kT0_s = 20;         ///< drift reference time after programming
constexpr double kTRead_s = 250e-9;  ///< duration of one read
constexpr double kMinCompensationReadout = 1e-4;

/// G_prog = max(0, G_T + σ_prog(G_T / g_max) · z): programming noise.
torch::Tensor programmed_us(const torch::Tensor& target_us, const torch::Tensor& z, const config::DeviceConfig& d);
/// ν = max(0, |μ_ν + σ_ν · z|), from the target conductance: each device's drift exponent.
torch::Tensor drift_exponent(const torch::Tensor& target_us, const torch::Tensor& z, const config::DeviceConfig& d);
/// G at d.time_s after programming: drift (t / t0)^-ν, then accumulated 1/f read noise.
torch::Tensor at_time_us(const torch::Tensor& programmed_us, const torch::Tensor& nu, const torch::Tensor& z,
                         const config::DeviceConfig& d);

}  // namespace imc::nas::pcm
