// SPDX-License-Identifier: MIT
// The registered group packings.
#include "configs/policy_names.h"
#include "mapping/group_packing/group_packing.h"

namespace imc::mapping {

namespace group_packings {
#define IMC_GROUP_PACKING(name) std::shared_ptr<const GroupPacking> make_##name();
#include "configs/policies/group_packings.def"
#undef IMC_GROUP_PACKING
}  // namespace group_packings

const GroupPackingRegistry& group_packing_registry() {
  static const GroupPackingRegistry registry = [] {
    GroupPackingRegistry r("group packing");
#define IMC_GROUP_PACKING(name) r.add(#name, group_packings::make_##name());
#include "configs/policies/group_packings.def"
#undef IMC_GROUP_PACKING
    r.require_names(config::group_packing_names());
    return r;
  }();
  return registry;
}

const GroupPacking& group_packing(const std::string& name) { return *group_packing_registry().at(name); }

}  // namespace imc::mapping
