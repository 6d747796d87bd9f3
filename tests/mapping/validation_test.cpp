// SPDX-License-Identifier: MIT
// Regression against MNSIM 2.0's reference numbers (docs/validation.md).
#include <gtest/gtest.h>

#include "mapping/cost_model.h"
#include "tests/mapping/mapping_test_util.h"
#include "workloads/library.h"

namespace imc::mapping {
namespace {

struct Target {
  const char* net;
  int tiles;
  int pes;
  double area_mm2;
  double energy_mj;
  double latency_ms;
  /// The preset's two buffer powers were solved from this network's energy (docs/validation.md):
  /// its energy agrees by construction and is no evidence of the model.
  bool energy_fitted;
};

class MnsimTargets : public testing::TestWithParam<Target> {};

TEST_P(MnsimTargets, TilesAndPesExactAreaWithinFivePercent) {
  const Target t = GetParam();
  const Mapping m = map_network(workloads::load_network({t.net, {}, {}, 256}), test::mnsim_hw());
  EXPECT_EQ(m.tiles, t.tiles);
  EXPECT_EQ(m.pes, t.pes);
  EXPECT_NEAR(estimate(m).area_mm2, t.area_mm2, 0.05 * t.area_mm2);
}

// The targets are 5 %; today's agreement is within 0.11 % (latency) and, out of sample, 0.06 %
// (energy), so 1 % catches a regression early. A fitted network's energy is checked as what it
// is: the fit still reproduces its equation.
TEST_P(MnsimTargets, EnergyWithinOnePercentOutOfSampleOrItsFitReproduced) {
  const Target t = GetParam();
  const Mapping m = map_network(workloads::load_network({t.net, {}, {}, 256}), test::mnsim_hw());
  EXPECT_NEAR(estimate(m).mnsim_energy_pj / 1e9, t.energy_mj, (t.energy_fitted ? 0.001 : 0.01) * t.energy_mj)
      << (t.energy_fitted ? "a network the buffer powers were fitted to" : "out of sample");
}

TEST_P(MnsimTargets, LatencyWithinOnePercent) {
  const Target t = GetParam();
  const Mapping m = map_network(workloads::load_network({t.net, {}, {}, 256}), test::mnsim_hw());
  EXPECT_NEAR(estimate(m).latency_ns / 1e6, t.latency_ms, 0.01 * t.latency_ms);
}

INSTANTIATE_TEST_SUITE_P(Reference, MnsimTargets,
                         testing::Values(Target{"modela", 44, 170, 179.9, 0.1545, 1.591, true},
                                         Target{"vgg8", 322, 1276, 1316.5, 3.827, 5.331, false},
                                         Target{"resnet18", 493, 1969, 2015.6, 0.9357, 3.087, true}),
                         [](const auto& info) { return std::string(info.param.net); });

}  // namespace
}  // namespace imc::mapping
