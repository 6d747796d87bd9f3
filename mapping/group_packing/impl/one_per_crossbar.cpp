// SPDX-License-Identifier: MIT
// one_per_crossbar: every channel group on crossbars of its own (a depthwise conv: one crossbar
// set per channel), the naive mapping that block_diagonal is measured against.
#include "mapping/group_packing/group_packing.h"

namespace imc::mapping::group_packings {
namespace {

class OnePerCrossbar : public GroupPacking {
 public:
  int groups_per_set(int64_t, int64_t, int, int, int) const override { return 1; }
};

}  // namespace

std::shared_ptr<const GroupPacking> make_one_per_crossbar() { return std::make_shared<OnePerCrossbar>(); }

}  // namespace imc::mapping::group_packings
