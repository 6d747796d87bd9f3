// SPDX-License-Identifier: MIT
// The registered placements and curves.
#include "configs/policy_names.h"
#include "mapping/mapping.h"
#include "mapping/placement.h"
#include "mapping/placement/placement_policy.h"

namespace imc::mapping {

namespace placements {
#define IMC_CURVE(name) std::vector<MeshPos> name(int rows, int cols);
#define IMC_PLACEMENT(name) std::shared_ptr<const PlacementPolicy> make_##name();
#include "configs/policies/placements.def"
#undef IMC_CURVE
#undef IMC_PLACEMENT
}  // namespace placements

const CurveRegistry& curve_registry() {
  static const CurveRegistry registry = [] {
    CurveRegistry r("placement curve");
#define IMC_CURVE(name) r.add(#name, placements::name);
#define IMC_PLACEMENT(name)
#include "configs/policies/placements.def"
#undef IMC_CURVE
#undef IMC_PLACEMENT
    return r;
  }();
  return registry;
}

const PlacementRegistry& placement_registry() {
  static const PlacementRegistry registry = [] {
    PlacementRegistry r("placement");
#define IMC_CURVE(name) r.add(#name, placements::make_curve(placements::name));
#define IMC_PLACEMENT(name) r.add(#name, placements::make_##name());
#include "configs/policies/placements.def"
#undef IMC_CURVE
#undef IMC_PLACEMENT
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
