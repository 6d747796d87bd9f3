// SPDX-License-Identifier: MIT
// block_diagonal: as many whole groups as fit along one crossbar's diagonal (a depthwise 3x3
// conv on 256 x 256 crossbars: 28 channels per crossbar, 252 rows by 28 columns). A group larger
// than one crossbar takes a set of its own.
#include <algorithm>

#include "mapping/group_packing/group_packing.h"

namespace imc::mapping::group_packings {
namespace {

class BlockDiagonal : public GroupPacking {
 public:
  int groups_per_set(int64_t group_rows, int64_t group_cols, int groups, int xbar_rows, int xbar_cols) const override {
    if (group_rows > xbar_rows || group_cols > xbar_cols) return 1;
    return static_cast<int>(std::min<int64_t>({groups, xbar_rows / group_rows, xbar_cols / group_cols}));
  }
};

}  // namespace

std::shared_ptr<const GroupPacking> make_block_diagonal() { return std::make_shared<BlockDiagonal>(); }

}  // namespace imc::mapping::group_packings
