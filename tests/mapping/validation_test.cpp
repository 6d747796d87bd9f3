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
};

class MnsimTargets : public testing::TestWithParam<Target> {};

TEST_P(MnsimTargets, TilesAndPesExactAreaWithinFivePercent) {
  const Target t = GetParam();
  const Mapping m = map_network(workloads::load_network({t.net, {}, {}, 256}), test::mnsim_hw());
  EXPECT_EQ(m.tiles, t.tiles);
  EXPECT_EQ(m.pes, t.pes);
  EXPECT_NEAR(estimate(m).area_mm2, t.area_mm2, 0.05 * t.area_mm2);
}

// The targets are 5 %; today's agreement is within 0.6 % (latency) and 0.1 % (energy), so
// 1 % catches a regression early.
TEST_P(MnsimTargets, EnergyWithinOnePercent) {
  const Target t = GetParam();
  const Mapping m = map_network(workloads::load_network({t.net, {}, {}, 256}), test::mnsim_hw());
  EXPECT_NEAR(estimate(m).mnsim_energy_pj / 1e9, t.energy_mj, 0.01 * t.energy_mj);
}

TEST_P(MnsimTargets, LatencyWithinOnePercent) {
  const Target t = GetParam();
  const Mapping m = map_network(workloads::load_network({t.net, {}, {}, 256}), test::mnsim_hw());
  EXPECT_NEAR(estimate(m).latency_ns / 1e6, t.latency_ms, 0.01 * t.latency_ms);
}

INSTANTIATE_TEST_SUITE_P(Reference, MnsimTargets,
                         testing::Values(Target{"modela", 44, 170, 179.9, 0.1545, 1.591},
                                         Target{"vgg8", 322, 1276, 1316.5, 3.827, 5.331},
                                         Target{"resnet18", 493, 1969, 2015.6, 0.9357, 3.087}),
                         [](const auto& info) { return std::string(info.param.net); });

}  // namespace
}  // namespace imc::mapping
