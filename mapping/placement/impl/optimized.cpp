// SPDX-License-Identifier: MIT
// chip.placement = optimized: starts from the spiral, and once the mapping is finished searches
// the placement that minimizes the analytic latency (placement_search.h).
#include "mapping/placement/placement_policy.h"
#include "mapping/placement_search.h"

namespace imc::mapping::placements {
namespace {

class Optimized : public PlacementPolicy {
 public:
  void place(std::vector<LayerMapping>& layers, const config::HwConfig& hw) const override {
    placement_policy("spiral").place(layers, hw);
  }
  void refine(Mapping& m) const override { optimize_placement(m, m.hw.chip.placement_evaluations); }
};

}  // namespace

std::shared_ptr<const PlacementPolicy> make_optimized() { return std::make_shared<Optimized>(); }

}  // namespace imc::mapping::placements
