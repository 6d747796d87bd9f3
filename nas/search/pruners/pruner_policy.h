// SPDX-License-Identifier: MIT
// A pruner (the `kind` of a search config's [pruner]): the bars a trial must clear after each
// epoch, from the learning curves of the trials before it (see nas/search/pruner.h). Variants
// in impl/, one file each, registered in pruner_registry.cpp under the names
// configs/policy_names.h accepts.
#pragma once

#include <memory>
#include <vector>

#include "configs/registry.h"
#include "nas/search/pruner.h"

namespace imc::nas {

class PrunerPolicy {
 public:
  virtual ~PrunerPolicy() = default;
  /// The bars for a trial of `epochs` (>= 2) epochs: index e - 1 holds epoch e's (NaN: none).
  virtual std::vector<double> bars(const config::PrunerConfig& pruner, int epochs,
                                   const std::vector<EarlierTrial>& earlier) const = 0;
  /// The trial's best value so far is compared with the bar, else the epoch's own.
  virtual bool compares_best_so_far() const { return false; }
};

using PrunerRegistry = config::Registry<std::shared_ptr<const PrunerPolicy>>;
const PrunerRegistry& pruner_registry();

namespace pruners {
std::shared_ptr<const PrunerPolicy> make_none();
std::shared_ptr<const PrunerPolicy> make_median();
std::shared_ptr<const PrunerPolicy> make_asha();
/// The finite values the earlier trials (the complete ones only, if `complete_only`) reached
/// after `epoch`.
std::vector<double> values_at(const std::vector<EarlierTrial>& trials, int epoch, bool complete_only);
}  // namespace pruners

}  // namespace imc::nas
