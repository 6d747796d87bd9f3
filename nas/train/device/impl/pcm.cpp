// SPDX-License-Identifier: MIT
// device.model = "pcm": AIHWKit's statistical PCM model (pcm_statistics.h), applied to each
// bit-sliced cell: level L of a cell with top level T targets L / T · pcm_g_max_us.
#include <algorithm>
#include <cmath>

#include "nas/train/device/cell_model.h"
#include "nas/train/device/pcm_statistics.h"

namespace imc::nas {
namespace pcm {

torch::Tensor programmed_us(const torch::Tensor& target_us, const torch::Tensor& z, const config::DeviceConfig& d) {
  const torch::Tensor g = target_us / d.pcm_g_max_us;
  const torch::Tensor sigma = (0.26348 + g * (1.9650 + g * -1.1731)) * (d.pcm_g_max_us / 25.0) * d.prog_noise_scale;
  return (target_us + sigma * z).clamp_min(0);
}

torch::Tensor drift_exponent(const torch::Tensor& target_us, const torch::Tensor& z, const config::DeviceConfig& d) {
  const torch::Tensor log_g = (target_us.abs() / d.pcm_g_max_us).clamp_min(1e-7).log();
  const torch::Tensor mu = (-0.0155 * log_g + 0.0244).clamp(0.049, 0.1);
  const torch::Tensor sigma = (-0.0125 * log_g - 0.0059).clamp(0.008, 0.045);
  return ((mu + sigma * z).abs() * d.drift_scale).clamp_min(0);
}

torch::Tensor at_time_us(const torch::Tensor& programmed_us, const torch::Tensor& nu, const torch::Tensor& z,
                         const config::DeviceConfig& d) {
  const double t = d.time_s + kT0_s;
  const torch::Tensor drifted = t > kT0_s ? programmed_us * (-nu * std::log(t / kT0_s)).exp() : programmed_us;
  const torch::Tensor q_s = (0.0088 / (programmed_us.abs() / d.pcm_g_max_us).pow(0.65).clamp_min(1e-3)).clamp_max(0.2);
  const double spread = std::sqrt(std::log((t + kTRead_s) / (2 * kTRead_s))) * d.read_noise_scale;
  return (drifted + drifted.abs() * q_s * spread * z).clamp_min(0);
}

}  // namespace pcm

namespace device {
namespace {

class Pcm : public CellModel {
 public:
  bool draws(const config::DeviceConfig&) const override { return true; }
  CellDraw draw(const torch::Tensor& target, double top_level, const config::DeviceConfig& d,
                at::Generator& g) const override {
    const double us_per_level = d.pcm_g_max_us / top_level;
    const torch::Tensor target_us = target * us_per_level;
    auto normal = [&] { return torch::randn(target.sizes(), g, target.options()); };
    const torch::Tensor prog = pcm::programmed_us(target_us, normal(), d);
    const torch::Tensor nu = pcm::drift_exponent(target_us, normal(), d);
    const torch::Tensor now = pcm::at_time_us(prog, nu, normal(), d);
    return {prog / us_per_level, now / us_per_level};
  }
};

}  // namespace

std::shared_ptr<const CellModel> make_pcm() { return std::make_shared<Pcm>(); }

}  // namespace device
}  // namespace imc::nas
