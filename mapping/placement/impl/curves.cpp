// SPDX-License-Identifier: MIT
// chip.placement = spiral | snake | row_major | zigzag: layers take consecutive positions of a
// space-filling curve, in layer order.
#include <algorithm>

#include "mapping/placement/placement_policy.h"

namespace imc::mapping::placements {
namespace {

std::vector<MeshPos> rows_in_order(int rows, int cols, bool snake) {
  std::vector<MeshPos> out;
  for (int r = 0; r < rows; ++r) {
    for (int i = 0; i < cols; ++i) out.push_back({r, (snake && r % 2) ? cols - 1 - i : i});
  }
  return out;
}

class Curve : public PlacementPolicy {
 public:
  explicit Curve(CurveOrder order) : m_order(order) {}
  void place(std::vector<LayerMapping>& layers, const config::HwConfig& hw) const override {
    const std::vector<MeshPos> order = m_order(hw.chip.mesh_rows, hw.chip.mesh_cols);
    size_t next = 0;
    for (LayerMapping& l : layers) {
      l.tile_pos.assign(order.begin() + static_cast<long>(next), order.begin() + static_cast<long>(next + l.tiles));
      next += static_cast<size_t>(l.tiles);
    }
  }

 private:
  CurveOrder m_order;
};

}  // namespace

std::shared_ptr<const PlacementPolicy> make_curve(CurveOrder order) { return std::make_shared<Curve>(order); }

/// MNSIM's "hui" curve: square shells growing from (0,0), the first step along the column
/// index: (0,0), (0,1), (1,1), (1,0), (2,0), (2,1), (2,2), (1,2), (0,2), (0,3), ...
std::vector<MeshPos> spiral(int rows, int cols) {
  std::vector<MeshPos> out;
  for (int s = 0; s < std::max(rows, cols); ++s) {
    std::vector<MeshPos> shell;
    for (int r = 0; r <= s; ++r) shell.push_back({r, s});      // down column s
    for (int c = s - 1; c >= 0; --c) shell.push_back({s, c});  // back along row s
    if (s % 2 == 0) std::reverse(shell.begin(), shell.end());  // alternate so the path stays connected
    for (const MeshPos& p : shell) {
      if (p.row < rows && p.col < cols) out.push_back(p);
    }
  }
  return out;
}

std::vector<MeshPos> snake(int rows, int cols) { return rows_in_order(rows, cols, true); }

std::vector<MeshPos> row_major(int rows, int cols) { return rows_in_order(rows, cols, false); }

std::vector<MeshPos> zigzag(int rows, int cols) {
  std::vector<MeshPos> out;
  for (int d = 0; d < rows + cols - 1; ++d) {
    std::vector<MeshPos> diag;
    for (int r = 0; r <= d; ++r) {
      if (r < rows && d - r < cols) diag.push_back({r, d - r});
    }
    if (d % 2) std::reverse(diag.begin(), diag.end());
    out.insert(out.end(), diag.begin(), diag.end());
  }
  return out;
}

}  // namespace imc::mapping::placements
