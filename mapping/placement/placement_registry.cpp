// SPDX-License-Identifier: MIT
// The registered placements and curves.
#include "configs/policy_names.h"
#include "mapping/mapping.h"
#include "mapping/placement.h"
#include "mapping/placement/placement_policy.h"

namespace imc::mapping {

const CurveRegistry& curve_registry() {
  static const CurveRegistry registry = [] {
    CurveRegistry r("placement curve");
    r.add("spiral", placements::spiral);
    r.add("snake", placements::snake);
    r.add("row_major", placements::row_major);
    r.add("zigzag", placements::zigzag);
    return r;
  }();
  return registry;
}

const PlacementRegistry& placement_registry() {
  static const PlacementRegistry registry = [] {
    PlacementRegistry r("placement");
    for (const std::string& curve : curve_registry().names())
      r.add(curve, placements::make_curve(curve_registry().at(curve)));
    r.add("traffic", placements::make_traffic());
    r.add("compact", placements::make_compact());
    r.add("optimized", placements::make_optimized());
    r.require_names(config::placement_names());
    return r;
  }();
  return registry;
}

const PlacementPolicy& placement_policy(const std::string& name) { return *placement_registry().at(name); }

std::vector<MeshPos> curve_order(const std::string& curve, int rows, int cols) {
  try {
    return curve_registry().at(curve)(rows, cols);
  } catch (const config::UnknownPolicyError& e) {
    throw MappingError(e.what());
  }
}

}  // namespace imc::mapping
