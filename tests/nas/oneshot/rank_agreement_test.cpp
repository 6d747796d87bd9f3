// SPDX-License-Identifier: MIT
// Kendall's tau-b and Spearman's rho against values worked out by hand, and the bootstrap interval.
#include "nas/oneshot/rank_agreement.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace imc::nas {
namespace {

TEST(RankAgreement, TauAndRhoOfOneSwappedPair) {
  // Pairs: 5 concordant, 1 discordant -> tau (5 - 1) / 6; rank differences 0, 1, 1, 0 -> rho 1 - 6 * 2 / 60.
  const std::vector<double> x{1, 2, 3, 4}, y{1, 3, 2, 4};
  EXPECT_DOUBLE_EQ(kendall_tau(x, y), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(spearman_rho(x, y), 0.8);
}

TEST(RankAgreement, TiesCountAsTauBCountsThem) {
  // One tie on each side, in different pairs: 4 concordant of 5 untied pairs on each side -> 4 / 5.
  EXPECT_DOUBLE_EQ(kendall_tau({1, 1, 2, 3}, {1, 2, 2, 3}), 0.8);
  // Tied values share their mean rank: ranks 1.5, 1.5, 3 against 1, 2, 3.
  EXPECT_NEAR(spearman_rho({5, 5, 7}, {1, 2, 3}), 0.8660254037844386, 1e-12);
  EXPECT_EQ(kendall_tau({2, 2, 2}, {1, 2, 3}), 0.0);  // no order on one side
}

TEST(RankAgreement, OnlyTheOrderCounts) {
  const std::vector<double> x{0.61, 0.72, 0.55, 0.80}, y{10, 30, 5, 400};
  EXPECT_DOUBLE_EQ(kendall_tau(x, y), 1.0);
  EXPECT_DOUBLE_EQ(spearman_rho(x, y), 1.0);
  EXPECT_DOUBLE_EQ(kendall_tau(x, {-10, -30, -5, -400}), -1.0);
}

TEST(RankAgreement, TheBootstrapIntervalHoldsTauAndRepeatsWithItsSeed) {
  const std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, y{2, 1, 3, 5, 4, 6, 8, 7, 10, 9};
  const RankAgreement a = rank_agreement(x, y, 7);
  EXPECT_EQ(a.pairs, 10u);
  EXPECT_DOUBLE_EQ(a.tau, kendall_tau(x, y));
  EXPECT_LT(a.tau_low, a.tau);
  EXPECT_GT(a.tau_high, a.tau_low);
  EXPECT_LE(a.tau_high, 1.0);
  const RankAgreement again = rank_agreement(x, y, 7);
  EXPECT_EQ(again.tau_low, a.tau_low);
  EXPECT_EQ(again.tau_high, a.tau_high);
  const RankAgreement perfect = rank_agreement(x, x, 7);
  EXPECT_EQ(perfect.tau_low, 1.0);
}

TEST(RankAgreement, UnpairedValuesAreRefused) {
  EXPECT_THROW(kendall_tau({1, 2}, {1}), std::invalid_argument);
  EXPECT_THROW(rank_agreement({1, 2}, {1, 2}, 0, 0), std::invalid_argument);
}

}  // namespace
}  // namespace imc::nas
