// SPDX-License-Identifier: MIT
// kind = "median": Optuna's MedianPruner. After epoch e >= min_epochs (before the last), the
// bar is the median of the earlier trials' values at e, once startup_trials of them reached e.
#include <algorithm>
#include <limits>

#include "nas/search/pruners/pruner_policy.h"

namespace imc::nas::pruners {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

class Median : public PrunerPolicy {
 public:
  std::vector<double> bars(const config::PrunerConfig& pruner, int epochs,
                           const std::vector<LearningCurve>& earlier) const override {
    std::vector<double> out(static_cast<size_t>(epochs), std::numeric_limits<double>::quiet_NaN());
    for (int e = pruner.min_epochs; e < epochs; ++e) {
      const std::vector<double> v = values_at(earlier, e);
      if (static_cast<int>(v.size()) >= pruner.startup_trials) out[static_cast<size_t>(e - 1)] = median(v);
    }
    return out;
  }
};

}  // namespace

std::shared_ptr<const PrunerPolicy> make_median() { return std::make_shared<Median>(); }

}  // namespace imc::nas::pruners
