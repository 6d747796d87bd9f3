// SPDX-License-Identifier: MIT
// A group packing (mapping.group_packing): how many channel groups of a grouped or depthwise
// conv share one set of crossbars. Each group is its own small matrix (k^2 * Cin / groups rows
// by Cout / groups columns); a set of crossbars holds several of them along its diagonal, with
// zero cells elsewhere. Variants in impl/, registered by their line in
// configs/policies/group_packings.def.
#pragma once

#include <memory>
#include <string>

#include "configs/registry.h"

namespace imc::mapping {

class GroupPacking {
 public:
  virtual ~GroupPacking() = default;
  /// Channel groups that share one set of crossbars, at least 1, at most `groups`. A group's
  /// matrix is `group_rows` x `group_cols`; a crossbar `xbar_rows` x `xbar_cols`.
  virtual int groups_per_set(int64_t group_rows, int64_t group_cols, int groups, int xbar_rows,
                             int xbar_cols) const = 0;
};

using GroupPackingRegistry = config::Registry<std::shared_ptr<const GroupPacking>>;
const GroupPackingRegistry& group_packing_registry();
/// The packing registered as `name`; throws config::UnknownPolicyError listing the names.
const GroupPacking& group_packing(const std::string& name);

}  // namespace imc::mapping
