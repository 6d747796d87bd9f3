// SPDX-License-Identifier: MIT
// chip.placement = traffic: greedy, each layer takes the free tiles closest to its producers.
#include <algorithm>

#include "mapping/placement/placement_policy.h"

namespace imc::mapping::placements {
namespace {

/// Greedy traffic-aware placement: each layer takes the free tiles closest to
/// its producers' aggregation point (or to the previous layer's last tile).
void place_by_traffic(std::vector<LayerMapping>& layers, const config::HwConfig& hw) {
  const int rows = hw.chip.mesh_rows, cols = hw.chip.mesh_cols;
  std::vector<char> used(static_cast<size_t>(rows) * cols, 0);
  MeshPos last{0, 0};
  for (LayerMapping& l : layers) {
    if (l.tiles == 0) continue;
    // Anchor: mean position of the producers' tiles, else where the last layer ended.
    long sum_r = 0, sum_c = 0, n = 0;
    for (int p : l.producers) {
      for (const MeshPos& t : layers[p].tile_pos) sum_r += t.row, sum_c += t.col, ++n;
    }
    const MeshPos anchor = n ? MeshPos{int(sum_r / n), int(sum_c / n)} : last;
    std::vector<MeshPos> free;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        if (!used[static_cast<size_t>(r) * cols + c]) free.push_back({r, c});
      }
    }
    std::stable_sort(free.begin(), free.end(),
                     [&](const MeshPos& a, const MeshPos& b) { return manhattan(a, anchor) < manhattan(b, anchor); });
    l.tile_pos.assign(free.begin(), free.begin() + l.tiles);
    for (const MeshPos& p : l.tile_pos) used[static_cast<size_t>(p.row) * cols + p.col] = 1;
    last = l.tile_pos.back();
  }
}

class Traffic : public PlacementPolicy {
 public:
  void place(std::vector<LayerMapping>& layers, const config::HwConfig& hw) const override {
    place_by_traffic(layers, hw);
  }
};

}  // namespace

std::shared_ptr<const PlacementPolicy> make_traffic() { return std::make_shared<Traffic>(); }

}  // namespace imc::mapping::placements
