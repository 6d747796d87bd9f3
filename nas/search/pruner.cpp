// SPDX-License-Identifier: MIT
#include "nas/search/pruner.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace imc::nas {
namespace {

std::vector<double> values_at(const std::vector<LearningCurve>& curves, int epoch) {
  std::vector<double> out;
  for (const LearningCurve& c : curves)
    if (auto it = c.find(epoch); it != c.end() && std::isfinite(it->second)) out.push_back(it->second);
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

std::vector<double> prune_bars(const config::PrunerConfig& pruner, int epochs,
                               const std::vector<LearningCurve>& earlier) {
  if (pruner.kind == "none" || epochs < 2) return {};
  const double none = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> bars(static_cast<size_t>(epochs), none);
  if (pruner.kind == "median") {
    for (int e = pruner.min_epochs; e < epochs; ++e) {
      const std::vector<double> v = values_at(earlier, e);
      if (static_cast<int>(v.size()) >= pruner.startup_trials) bars[static_cast<size_t>(e - 1)] = median(v);
    }
    return bars;
  }
  // asha: with n earlier values the trial is one of n + 1; it must be in the top k of them.
  for (long e = pruner.min_epochs; e < epochs; e *= pruner.reduction_factor) {
    std::vector<double> v = values_at(earlier, static_cast<int>(e));
    const size_t k = std::max<size_t>(1, (v.size() + 1) / static_cast<size_t>(pruner.reduction_factor));
    if (v.size() < k) continue;
    std::sort(v.begin(), v.end(), std::greater<>());
    bars[static_cast<size_t>(e - 1)] = v[k - 1];  // at least the k-th best earlier value
  }
  return bars;
}

}  // namespace imc::nas
