// SPDX-License-Identifier: MIT
// AIHWKit's PCM statistics, vectorized, against the equations of ../shared/reference/pcm-model.md
// evaluated one device at a time; and the draws of the "pcm" cell model against their spreads.
#include "nas/train/device/pcm_statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "nas/train/device/cell_model.h"

namespace imc::nas {
namespace {

config::DeviceConfig pcm_device(double time_s) {
  config::DeviceConfig d;
  d.model = "pcm";
  d.time_s = time_s;
  return d;
}

// The reference's equations, one device, in µS.
double programmed(double target, double z, const config::DeviceConfig& d) {
  const double g = target / d.pcm_g_max_us;
  const double sigma = (0.26348 + 1.9650 * g - 1.1731 * g * g) * (d.pcm_g_max_us / 25) * d.prog_noise_scale;
  return std::max(0.0, target + sigma * z);
}

double exponent(double target, double z, const config::DeviceConfig& d) {
  const double g = std::max(std::abs(target) / d.pcm_g_max_us, 1e-7);
  const double mu = std::clamp(-0.0155 * std::log(g) + 0.0244, 0.049, 0.1);
  const double sigma = std::clamp(-0.0125 * std::log(g) - 0.0059, 0.008, 0.045);
  return std::max(0.0, std::abs(mu + sigma * z) * d.drift_scale);
}

double at_time(double prog, double nu, double z, const config::DeviceConfig& d) {
  const double t0 = 20, t = d.time_s + t0, t_read = 250e-9;
  const double drifted = t > t0 ? prog * std::pow(t / t0, -nu) : prog;
  const double q_s = std::min(0.2, 0.0088 / std::max(std::pow(std::abs(prog) / d.pcm_g_max_us, 0.65), 1e-3));
  const double sigma = q_s * std::sqrt(std::log((t + t_read) / (2 * t_read))) * d.read_noise_scale;
  return std::max(0.0, drifted + std::abs(drifted) * sigma * z);
}

TEST(PcmStatistics, EachStepEqualsTheEquationsDeviceByDevice) {
  torch::manual_seed(3);
  const int n = 2000;
  // Targets over the whole range, the ends included (0 and g_max, where the clips bind).
  torch::Tensor target = torch::rand({n}, torch::kDouble) * 25;
  target[0] = 0;
  target[1] = 25;
  target[2] = 1e-9;
  const torch::Tensor z1 = torch::randn({n}, torch::kDouble), z2 = torch::randn({n}, torch::kDouble),
                      z3 = torch::randn({n}, torch::kDouble);
  for (double time_s : {0.0, 3600.0, 3.15e7}) {
    config::DeviceConfig d = pcm_device(time_s);
    d.prog_noise_scale = 1.5;
    d.read_noise_scale = 0.7;
    d.drift_scale = 1.2;
    const torch::Tensor prog = pcm::programmed_us(target, z1, d);
    const torch::Tensor nu = pcm::drift_exponent(target, z2, d);
    const torch::Tensor now = pcm::at_time_us(prog, nu, z3, d);
    for (int i = 0; i < n; ++i) {
      const double t = target[i].item<double>();
      const double p = programmed(t, z1[i].item<double>(), d);
      const double v = exponent(t, z2[i].item<double>(), d);
      ASSERT_NEAR(prog[i].item<double>(), p, 1e-12 * std::max(1.0, p)) << i;
      ASSERT_NEAR(nu[i].item<double>(), v, 1e-12) << i;
      const double g = at_time(p, v, z3[i].item<double>(), d);
      ASSERT_NEAR(now[i].item<double>(), g, 1e-12 * std::max(1.0, g)) << "t = " << time_s << " s, device " << i;
    }
  }
}

// The model's draws are standard normals in the right places: the spread of a cell programmed to
// the top level is σ_prog(1) = 1.0554 µS, and a day later the median device has drifted by
// (t / t0)^-μ_ν with μ_ν = 0.049 at the top level.
TEST(PcmStatistics, TheCellModelDrawsTheModelsSpreads) {
  const CellModel& pcm = *cell_models().at("pcm");
  const int n = 200000;
  const torch::Tensor top = torch::ones({n}, torch::kDouble);  // level 1 of 1: g_max
  auto gen = at::make_generator<at::CPUGeneratorImpl>(11);
  config::DeviceConfig d = pcm_device(86400);
  d.read_noise_scale = 0;  // drift alone
  const CellDraw draw = pcm.draw(top, 1.0, d, gen);
  const double sigma_levels = (0.26348 + 1.9650 - 1.1731) / 25;
  EXPECT_NEAR(draw.programmed.mean().item<double>(), 1.0, 4 * sigma_levels / std::sqrt(n));
  EXPECT_NEAR(draw.programmed.std().item<double>() / sigma_levels, 1.0, 0.01);
  const double median_ratio = (draw.now / draw.programmed).median().item<double>();
  EXPECT_NEAR(median_ratio, std::pow((86400.0 + 20) / 20, -0.049), 1e-3);
}

}  // namespace
}  // namespace imc::nas
