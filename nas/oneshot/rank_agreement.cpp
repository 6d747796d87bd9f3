// SPDX-License-Identifier: MIT
#include "nas/oneshot/rank_agreement.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace imc::nas {
namespace {

void check_paired(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::invalid_argument("rank agreement: the two sides differ in length");
}

int sign(double v) { return (v > 0) - (v < 0); }

/// Each value's rank (1-based), ties at their mean rank.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean_rank = (double(i) + double(j)) / 2 + 1;
    for (size_t k = i; k <= j; ++k) r[order[k]] = mean_rank;
    i = j + 1;
  }
  return r;
}

}  // namespace

double kendall_tau(const std::vector<double>& x, const std::vector<double>& y) {
  check_paired(x, y);
  // O(n^2): rank checks are of tens to hundreds of candidates.
  double concordance = 0, untied_x = 0, untied_y = 0;
  for (size_t i = 0; i < x.size(); ++i)
    for (size_t j = i + 1; j < x.size(); ++j) {
      const int sx = sign(x[i] - x[j]), sy = sign(y[i] - y[j]);
      concordance += sx * sy;
      untied_x += sx != 0;
      untied_y += sy != 0;
    }
  if (untied_x == 0 || untied_y == 0) return 0;
  return concordance / std::sqrt(untied_x * untied_y);
}

double spearman_rho(const std::vector<double>& x, const std::vector<double>& y) {
  check_paired(x, y);
  const std::vector<double> rx = ranks(x), ry = ranks(y);
  const double n = double(x.size());
  const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n, my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  if (sxx == 0 || syy == 0) return 0;
  return sxy / std::sqrt(sxx * syy);
}

RankAgreement rank_agreement(const std::vector<double>& x, const std::vector<double>& y, uint64_t seed, int resamples,
                             double level) {
  check_paired(x, y);
  if (resamples < 1 || !(level > 0 && level < 1))
    throw std::invalid_argument("rank agreement: resamples must be positive and the level in (0, 1)");
  RankAgreement a;
  a.pairs = x.size();
  a.tau = kendall_tau(x, y);
  a.rho = spearman_rho(x, y);
  if (x.size() < 2) {
    a.tau_low = a.tau_high = a.tau;
    return a;
  }
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, x.size() - 1);
  std::vector<double> taus(static_cast<size_t>(resamples)), bx(x.size()), by(y.size());
  for (double& t : taus) {
    for (size_t i = 0; i < x.size(); ++i) {
      const size_t k = pick(rng);
      bx[i] = x[k];
      by[i] = y[k];
    }
    t = kendall_tau(bx, by);
  }
  std::sort(taus.begin(), taus.end());
  auto quantile = [&](double q) {
    const double pos = q * double(taus.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, taus.size() - 1);
    return taus[lo] + (pos - double(lo)) * (taus[hi] - taus[lo]);
  };
  a.tau_low = quantile((1 - level) / 2);
  a.tau_high = quantile(1 - (1 - level) / 2);
  return a;
}

}  // namespace imc::nas
