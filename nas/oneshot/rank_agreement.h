// SPDX-License-Identifier: MIT
// How well one ranking of candidates agrees with another (plain C++): Kendall's tau-b and
// Spearman's rho, with a bootstrap confidence interval over the candidates. What
// `imcnas supernet rank-check` reports (docs/oneshot.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace imc::nas {

/// Kendall's tau-b of paired values (ties counted as scipy.stats.kendalltau counts them);
/// 0 when either side has no two distinct values. Throws std::invalid_argument unless the
/// sides have the same size.
double kendall_tau(const std::vector<double>& x, const std::vector<double>& y);

/// Spearman's rho: Pearson's correlation of the ranks (tied values share their mean rank).
double spearman_rho(const std::vector<double>& x, const std::vector<double>& y);

struct RankAgreement {
  double tau = 0, rho = 0;
  double tau_low = 0, tau_high = 0;  ///< percentile bootstrap interval of tau
  size_t pairs = 0;
};

/// tau and rho of the pairs, and tau's `level` interval from `resamples` bootstrap samples of
/// the pairs (drawn from `seed`: the same seed, the same interval).
RankAgreement rank_agreement(const std::vector<double>& x, const std::vector<double>& y, uint64_t seed,
                             int resamples = 2000, double level = 0.95);

}  // namespace imc::nas
