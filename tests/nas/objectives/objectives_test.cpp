// SPDX-License-Identifier: MIT
// Fitness presets, NACIM's reward, constraints and the Pareto front on hand-computed cases.
#include "nas/objectives/objectives.h"

#include <gtest/gtest.h>

namespace imc::nas {
namespace {

const Metrics kModelA{{"accuracy", 0.88}, {"latency_ms", 2.0}, {"energy_mj", 0.25}, {"area_mm2", 180}};

TEST(Fitness, PaperPresets) {
  EXPECT_DOUBLE_EQ(paper_fitness("accuracy", kModelA), 0.88);
  EXPECT_DOUBLE_EQ(paper_fitness("accuracy/latency", kModelA), 0.44);
  EXPECT_DOUBLE_EQ(paper_fitness("accuracy/energy", kModelA), 3.52);
  EXPECT_DOUBLE_EQ(paper_fitness("accuracy^n/energy", kModelA, 3), 0.88 * 0.88 * 0.88 / 0.25);
  EXPECT_THROW(paper_fitness("speed", kModelA), std::invalid_argument);
  EXPECT_THROW(paper_fitness("accuracy/latency", {{"accuracy", 0.5}}), std::invalid_argument);
}

TEST(Fitness, NacimReward) {
  // beta 0.5: 0.5 * 0.88 + 0.5 * (1.0 * (4 - 2) / (4 - 0) + 0.5 * (1 - 0.25) / (1 - 0)) = 0.44 + 0.5 * 0.875
  EXPECT_DOUBLE_EQ(nacim_reward(kModelA, 0.5, {{"latency_ms", 1.0, 0, 4}, {"energy_mj", 0.5, 0, 1}}), 0.8775);
  // Out of bounds is clamped to [0, 1].
  EXPECT_DOUBLE_EQ(nacim_reward(kModelA, 0.0, {{"latency_ms", 1.0, 0, 1}}), 0.0);
}

TEST(Constraints, ViolationsNameTheMetricAndTheLimit) {
  EXPECT_TRUE(violations(kModelA, {{"latency_ms", true, 5}}).empty());
  const auto v = violations(kModelA, {{"latency_ms", true, 1.5}, {"accuracy", false, 0.9}});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], "latency_ms = 2 exceeds its limit 1.5");
  EXPECT_EQ(v[1], "accuracy = 0.88 is below its minimum 0.9");
}

TEST(Pareto, NonDominatedPointsOnly) {
  const std::vector<Metrics> p{{{"error", 0.10}, {"energy_mj", 3.0}},
                               {{"error", 0.12}, {"energy_mj", 1.0}},
                               {{"error", 0.15}, {"energy_mj", 2.0}},   // dominated by the second
                               {{"error", 0.10}, {"energy_mj", 3.0}}};  // ties with the first: both stay
  EXPECT_EQ(pareto_front(p, {{"error", true}, {"energy_mj", true}}), (std::vector<size_t>{0, 1, 3}));
  EXPECT_EQ(pareto_front(p, {{"error", true}}), (std::vector<size_t>{0, 3}));
}

}  // namespace
}  // namespace imc::nas
