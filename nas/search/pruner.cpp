// SPDX-License-Identifier: MIT
#include "nas/search/pruner.h"

#include <cmath>

#include "configs/policy_names.h"
#include "nas/search/pruners/pruner_policy.h"

namespace imc::nas {

std::vector<double> pruners::values_at(const std::vector<LearningCurve>& curves, int epoch) {
  std::vector<double> out;
  for (const LearningCurve& c : curves)
    if (auto it = c.find(epoch); it != c.end() && std::isfinite(it->second)) out.push_back(it->second);
  return out;
}

const PrunerRegistry& pruner_registry() {
  static const PrunerRegistry registry = [] {
    PrunerRegistry r("pruner");
    r.add("none", pruners::make_none());
    r.add("median", pruners::make_median());
    r.add("asha", pruners::make_asha());
    r.require_names(config::pruner_names());
    return r;
  }();
  return registry;
}

std::vector<double> prune_bars(const config::PrunerConfig& pruner, int epochs,
                               const std::vector<LearningCurve>& earlier) {
  if (epochs < 2) return {};  // no epoch before the last to check at
  return pruner_registry().at(pruner.kind)->bars(pruner, epochs, earlier);
}

}  // namespace imc::nas
