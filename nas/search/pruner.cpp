// SPDX-License-Identifier: MIT
#include "nas/search/pruner.h"

#include <cmath>

#include "configs/policy_names.h"
#include "nas/search/pruners/pruner_policy.h"

namespace imc::nas {

std::vector<double> pruners::values_at(const std::vector<EarlierTrial>& trials, int epoch, bool complete_only) {
  std::vector<double> out;
  for (const EarlierTrial& t : trials) {
    if (complete_only && !t.complete) continue;
    if (auto it = t.curve.find(epoch); it != t.curve.end() && std::isfinite(it->second)) out.push_back(it->second);
  }
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

bool prunes_on_best_so_far(const config::PrunerConfig& pruner) {
  return pruner_registry().at(pruner.kind)->compares_best_so_far();
}

std::vector<double> prune_bars(const config::PrunerConfig& pruner, int epochs,
                               const std::vector<EarlierTrial>& earlier) {
  if (epochs < 2) return {};  // no epoch before the last to check at
  return pruner_registry().at(pruner.kind)->bars(pruner, epochs, earlier);
}

}  // namespace imc::nas
