// SPDX-License-Identifier: MIT
// kind = "asha": Optuna's SuccessiveHalvingPruner. At each rung e = min_epochs * factor^k below
// the last epoch, a trial goes on only if its value there is among the top max(1, n / factor) of
// the n values at that rung, itself included; as in Optuna, every earlier trial that reached the
// rung competes, pruned ones included.
#include <algorithm>
#include <functional>
#include <limits>

#include "nas/search/pruners/pruner_policy.h"

namespace imc::nas::pruners {
namespace {

class Asha : public PrunerPolicy {
 public:
  std::vector<double> bars(const config::PrunerConfig& pruner, int epochs,
                           const std::vector<EarlierTrial>& earlier) const override {
    std::vector<double> out(static_cast<size_t>(epochs), std::numeric_limits<double>::quiet_NaN());
    // With n earlier values the trial is one of n + 1; it must be in the top k of them.
    for (long e = pruner.min_epochs; e < epochs; e *= pruner.reduction_factor) {
      std::vector<double> v = values_at(earlier, static_cast<int>(e), false);
      const size_t k = std::max<size_t>(1, (v.size() + 1) / static_cast<size_t>(pruner.reduction_factor));
      if (v.size() < k) continue;
      std::sort(v.begin(), v.end(), std::greater<>());
      out[static_cast<size_t>(e - 1)] = v[k - 1];  // at least the k-th best earlier value
    }
    return out;
  }
};

}  // namespace

std::shared_ptr<const PrunerPolicy> make_asha() { return std::make_shared<Asha>(); }

}  // namespace imc::nas::pruners
