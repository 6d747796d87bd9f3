// SPDX-License-Identifier: MIT
// kind = "median": Optuna's MedianPruner. After epoch e >= min_epochs (before the last), the
// bar is the median of the complete earlier trials' values at e (pruned ones do not count),
// once startup_trials trials are complete; the trial's best value so far is compared with it.
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
                           const std::vector<EarlierTrial>& earlier) const override {
    std::vector<double> out(static_cast<size_t>(epochs), std::numeric_limits<double>::quiet_NaN());
    const auto complete =
        std::count_if(earlier.begin(), earlier.end(), [](const EarlierTrial& t) { return t.complete; });
    if (complete < pruner.startup_trials) return out;
    for (int e = pruner.min_epochs; e < epochs; ++e) {
      const std::vector<double> v = values_at(earlier, e, true);
      if (!v.empty()) out[static_cast<size_t>(e - 1)] = median(v);
    }
    return out;
  }
  bool compares_best_so_far() const override { return true; }
};

}  // namespace

std::shared_ptr<const PrunerPolicy> make_median() { return std::make_shared<Median>(); }

}  // namespace imc::nas::pruners
