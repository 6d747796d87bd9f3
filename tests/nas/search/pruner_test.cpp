// SPDX-License-Identifier: MIT
// The pruners' bars on hand-made learning curves, against the rules of Optuna's MedianPruner
// and SuccessiveHalvingPruner.
#include "nas/search/pruner.h"

#include <gtest/gtest.h>

#include <cmath>

namespace imc::nas {
namespace {

config::PrunerConfig pruner(const std::string& kind, int min_epochs = 1, int factor = 3, int startup = 2) {
  config::PrunerConfig p;
  p.kind = kind;
  p.min_epochs = min_epochs;
  p.reduction_factor = factor;
  p.startup_trials = startup;
  return p;
}

/// Earlier trials that completed every epoch.
std::vector<EarlierTrial> complete(const std::vector<LearningCurve>& curves) {
  std::vector<EarlierTrial> out;
  for (const LearningCurve& c : curves) out.push_back({c, true});
  return out;
}

TEST(Pruner, NoneOrOneEpochHasNoBars) {
  EXPECT_TRUE(prune_bars(pruner("none"), 5, complete({{{1, 0.5}}})).empty());
  EXPECT_TRUE(prune_bars(pruner("median"), 1, complete({{{1, 0.5}}})).empty());
}

TEST(Pruner, MedianOfCompleteEarlierTrialsAtEachEpoch) {
  const std::vector<EarlierTrial> curves = complete({{{1, 0.40}, {2, 0.60}, {3, 0.70}},
                                                     {{1, 0.50}, {2, 0.55}},
                                                     {{1, 0.20}},
                                                     {{1, 0.30}, {2, 0.65}, {3, 0.72}, {4, 0.74}}});
  const std::vector<double> bars = prune_bars(pruner("median", 2, 3, 2), 4, curves);
  ASSERT_EQ(bars.size(), 4u);
  EXPECT_TRUE(std::isnan(bars[0])) << "epoch 1 is before min_epochs";
  EXPECT_DOUBLE_EQ(bars[1], 0.60) << "median of 0.60, 0.55, 0.65";
  EXPECT_DOUBLE_EQ(bars[2], 0.71) << "median of 0.70 and 0.72";
  EXPECT_TRUE(std::isnan(bars[3])) << "no check after the last epoch";
  const std::vector<double> few = prune_bars(pruner("median", 1, 3, 5), 4, curves);
  EXPECT_TRUE(std::isnan(few[1])) << "4 complete trials, startup_trials is 5";
  EXPECT_DOUBLE_EQ(prune_bars(pruner("median", 1, 3, 4), 4, curves)[2], 0.71)
      << "startup counts complete trials (4), not the 2 that reached epoch 3";
}

// Optuna's MedianPruner takes its median over complete trials only: a pruned trial's low value
// does not lower the bar for the trials after it.
TEST(Pruner, MedianIgnoresPrunedTrials) {
  std::vector<EarlierTrial> curves = complete({{{1, 0.50}, {2, 0.70}}, {{1, 0.60}, {2, 0.80}}});
  curves.push_back({{{1, 0.10}}, false});  // pruned after epoch 1
  curves.push_back({{{1, 0.20}}, false});
  const std::vector<double> bars = prune_bars(pruner("median", 1, 3, 2), 3, curves);
  EXPECT_DOUBLE_EQ(bars[0], 0.55) << "median of the complete 0.50 and 0.60, not of all four (0.35)";
  EXPECT_TRUE(prunes_on_best_so_far(pruner("median")));
  EXPECT_FALSE(prunes_on_best_so_far(pruner("asha")));
}

// Rungs at 1, 3, 9 epochs (factor 3). With n earlier values at a rung, a trial goes on if it is
// in the top max(1, (n + 1) / 3) of the n + 1; as in Optuna every earlier trial competes,
// pruned ones included.
TEST(Pruner, AshaKeepsTheTopThirdAtEachRung) {
  std::vector<EarlierTrial> curves;
  for (int i = 1; i <= 8; ++i) curves.push_back({{{1, 0.1 * i}, {3, 0.1 * i + 0.05}}, i % 2 == 0});
  const std::vector<double> bars = prune_bars(pruner("asha", 1, 3), 10, curves);
  ASSERT_EQ(bars.size(), 10u);
  EXPECT_NEAR(bars[0], 0.6, 1e-12) << "8 earlier values, 9 with the trial: top 3, so the third best earlier, 0.6";
  EXPECT_TRUE(std::isnan(bars[1]));
  EXPECT_NEAR(bars[2], 0.65, 1e-12) << "rung 3: the third best of 0.15 ... 0.85";
  EXPECT_TRUE(std::isnan(bars[8])) << "rung 9 has no earlier value: the trial goes on";
  // Fewer than the factor: only a trial as good as the best so far goes on (Optuna's bootstrap).
  const std::vector<double> early = prune_bars(pruner("asha", 1, 3), 10, complete({{{1, 0.4}}, {{1, 0.6}}}));
  EXPECT_DOUBLE_EQ(early[0], 0.6);
  EXPECT_TRUE(std::isnan(prune_bars(pruner("asha", 1, 3), 10, {})[0])) << "the first trial always goes on";
}

}  // namespace
}  // namespace imc::nas
