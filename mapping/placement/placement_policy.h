// SPDX-License-Identifier: MIT
// A placement policy (chip.placement): where each layer's tiles go on the mesh. Variants in
// impl/, one file each, registered by their line in configs/policies/placements.def.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "configs/registry.h"
#include "mapping/mapping.h"

namespace imc::mapping {

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  /// Assigns tile_pos to every layer (layer.tiles positions each, no position twice).
  virtual void place(std::vector<LayerMapping>& layers, const config::HwConfig& hw) const = 0;
  /// Improves a finished mapping (tiles placed, hops and buffers known); most policies do not.
  virtual void refine(Mapping&) const {}
};

using PlacementRegistry = config::Registry<std::shared_ptr<const PlacementPolicy>>;
const PlacementRegistry& placement_registry();
/// The policy registered as `name`; throws config::UnknownPolicyError listing the names.
const PlacementPolicy& placement_policy(const std::string& name);

/// A space-filling curve: mesh positions in the order it visits them.
using CurveOrder = std::vector<MeshPos> (*)(int rows, int cols);
using CurveRegistry = config::Registry<CurveOrder>;
/// The curves (spiral, snake, row_major, zigzag); each is also a placement of the same name.
const CurveRegistry& curve_registry();

namespace placements {
/// The placement that fills tiles in the order of a curve. (Each variant's own factory is
/// declared from configs/policies/placements.def by the registry.)
std::shared_ptr<const PlacementPolicy> make_curve(CurveOrder order);
}  // namespace placements

}  // namespace imc::mapping
