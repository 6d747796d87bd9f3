// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cstdint>
#include <string>

#include "configs/crossbar_geometry.h"
#include "mapping/group_packing/group_packing.h"
#include "mapping/mapping.h"

namespace imc::mapping {
namespace {

int ceil_div(int a, int b) { return static_cast<int>((int64_t{a} + b - 1) / b); }

}  // namespace

CrossbarLayout layout_weights(const workloads::Layer& layer, const config::HwConfig& hw, int weight_bits) {
  const int xr = hw.crossbar.rows;
  const int xc = hw.crossbar.cols;
  CrossbarLayout x;
  const bool conv = layer.kind() == workloads::LayerKind::Conv2d;
  const int k2 = conv ? layer.spec.kernel * layer.spec.kernel : 1;
  // Each channel group is its own matrix; the packing puts several along one set's diagonal.
  x.groups = layer.groups();
  const int64_t group_rows = layer.fan_in();
  const int64_t group_cols = layer.out.channels / x.groups;
  x.groups_per_set = group_packing(hw.mapping.group_packing).groups_per_set(group_rows, group_cols, x.groups, xr, xc);
  x.sets = ceil_div(x.groups, x.groups_per_set);
  const int64_t rows64 = group_rows * x.groups_per_set;
  if (rows64 > kMaxMatrixRows)
    throw MappingError("layer '" + layer.name() + "' unrolls to " + std::to_string(rows64) +
                       " crossbar rows, more than the supported " + std::to_string(kMaxMatrixRows));
  x.matrix_rows = static_cast<int>(rows64);
  x.matrix_cols = static_cast<int>(group_cols * x.groups_per_set);
  x.weights = group_rows * group_cols * x.groups;

  // One sign bit selects the positive or negative crossbar; the magnitude bits are sliced.
  if (weight_bits < 2)
    throw MappingError("layer '" + layer.name() + "': " + std::to_string(weight_bits) +
                       "-bit weights leave no magnitude bit after the sign; at least 2 are needed");
  x.weight_slices = config::weight_slices(weight_bits, hw.crossbar.bits_per_cell);

  const bool channel_aligned = hw.mapping.channel_aligned() && conv && k2 <= xr;
  if (channel_aligned) {
    // Whole input channels per crossbar: floor(rows / k^2) channels (28 for 3x3 on 256 rows).
    // (im2col orders the rows channel by channel, k^2 rows each.)
    x.rows_per_part = (xr / k2) * k2;
  } else {
    x.rows_per_part = xr;
  }
  x.row_parts = ceil_div(x.matrix_rows, x.rows_per_part);
  x.max_row = std::min(x.matrix_rows, x.rows_per_part);
  x.col_parts = ceil_div(x.matrix_cols, xc);
  x.max_col = std::min(x.matrix_cols, xc);
  const int64_t pes64 = int64_t{x.weight_slices} * x.row_parts * x.col_parts * x.sets;
  if (pes64 > kMaxLayerPes)
    throw MappingError("layer '" + layer.name() + "' needs " + std::to_string(pes64) +
                       " PEs, more than the supported " + std::to_string(kMaxLayerPes) + "; it fits no chip");
  x.pes = static_cast<int>(pes64);
  const double allocated = double(x.sets) * x.row_parts * x.col_parts * xr * xc;
  x.utilization = double(x.weights) / allocated;
  return x;
}

}  // namespace imc::mapping
