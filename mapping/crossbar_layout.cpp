// SPDX-License-Identifier: MIT
#include <algorithm>

#include "mapping/mapping.h"

namespace imc::mapping {
namespace {

int ceil_div(int a, int b) { return (a + b - 1) / b; }

}  // namespace

CrossbarLayout layout_weights(const workloads::Layer& layer, const config::HwConfig& hw, int weight_bits) {
  const int xr = hw.crossbar.rows;
  const int xc = hw.crossbar.cols;
  CrossbarLayout x;
  const bool conv = layer.kind() == workloads::LayerKind::Conv2d;
  const int k2 = conv ? layer.spec.kernel * layer.spec.kernel : 1;
  const int cin = conv ? layer.in.channels : static_cast<int>(layer.in.elements());
  x.matrix_rows = k2 * cin;
  x.matrix_cols = layer.out.channels;

  // One sign bit selects the positive or negative crossbar; the magnitude bits are sliced.
  x.weight_slices = ceil_div(weight_bits - 1, hw.crossbar.bits_per_cell);

  const bool channel_aligned = hw.mapping.row_split == "channel_aligned" && conv && k2 <= xr;
  if (channel_aligned) {
    // Whole input channels per crossbar: floor(rows / k^2) channels (28 for 3x3 on 256 rows).
    const int channels_per_xbar = xr / k2;
    x.row_parts = ceil_div(cin, channels_per_xbar);
    x.max_row = std::min(channels_per_xbar, cin) * k2;
  } else {
    x.row_parts = ceil_div(x.matrix_rows, xr);
    x.max_row = std::min(x.matrix_rows, xr);
  }
  x.col_parts = ceil_div(x.matrix_cols, xc);
  x.max_col = std::min(x.matrix_cols, xc);
  x.pes = x.weight_slices * x.row_parts * x.col_parts;
  const double used = double(x.matrix_rows) * x.matrix_cols;
  const double allocated = double(x.row_parts) * x.col_parts * xr * xc;
  x.utilization = used / allocated;
  return x;
}

}  // namespace imc::mapping
