// SPDX-License-Identifier: MIT
// Synthetic traffic patterns, checked against BookSim 2's definitions (traffic.cpp) on
// hand-worked nodes (node = column + cols * row).
#include "systemc_models/noc/flit/traffic_pattern.h"

#include <gtest/gtest.h>

namespace imc::sim::flit {
namespace {

int dest(const std::string& name, int rows, int cols, int src, std::vector<int> hot = {}) {
  const std::unique_ptr<TrafficRng> rng = traffic_rng_registry().at("mt19937")(0);
  return traffic_registry().at(name)(TrafficShape{rows, cols, hot})->dest(src, *rng);
}

TEST(TrafficPattern, PermutationsFollowBookSimsDefinitions) {
  EXPECT_EQ(dest("transpose", 4, 4, 1), 4);    // (row 0, col 1) -> (row 1, col 0)
  EXPECT_EQ(dest("transpose", 8, 8, 10), 17);  // (1, 2) -> (2, 1)
  EXPECT_EQ(dest("bitcomp", 4, 4, 0), 15);
  EXPECT_EQ(dest("bitcomp", 8, 8, 5), 58);
  EXPECT_EQ(dest("bitrev", 4, 4, 1), 8);   // 0001 -> 1000
  EXPECT_EQ(dest("bitrev", 4, 4, 6), 6);   // 0110 is its own reverse
  EXPECT_EQ(dest("shuffle", 4, 4, 8), 1);  // rotate left: 1000 -> 0001
  EXPECT_EQ(dest("shuffle", 4, 4, 5), 10);
  EXPECT_EQ(dest("tornado", 4, 4, 0), 5);  // (x + k/2 - 1) mod k per dimension, ceil for odd k
  EXPECT_EQ(dest("tornado", 8, 8, 0), 27);
  EXPECT_EQ(dest("neighbor", 4, 4, 0), 5);
  EXPECT_EQ(dest("neighbor", 4, 4, 15), 0);
}

TEST(TrafficPattern, UniformReachesEveryNodeItselfIncludedAndHotspotOnlyTheHotNodes) {
  const std::unique_ptr<TrafficRng> owner = traffic_rng_registry().at("mt19937")(7);
  TrafficRng& rng = *owner;
  auto uniform = traffic_registry().at("uniform")(TrafficShape{4, 4, {}});
  std::vector<int> seen(16, 0);
  for (int i = 0; i < 4000; ++i) ++seen[static_cast<size_t>(uniform->dest(3, rng))];
  for (int n : seen) EXPECT_GT(n, 150);  // 250 expected each
  auto hotspot = traffic_registry().at("hotspot")(TrafficShape{4, 4, {2, 9}});
  for (int i = 0; i < 100; ++i) {
    const int d = hotspot->dest(0, rng);
    EXPECT_TRUE(d == 2 || d == 9) << d;
  }
}

TEST(TrafficPattern, AMeshThePatternCannotServeIsRefused) {
  EXPECT_THROW(dest("bitcomp", 3, 3, 0), std::invalid_argument);    // not a power of two
  EXPECT_THROW(dest("transpose", 2, 4, 0), std::invalid_argument);  // not square
  EXPECT_THROW(dest("hotspot", 4, 4, 0, {16}), std::invalid_argument);
}

}  // namespace
}  // namespace imc::sim::flit
