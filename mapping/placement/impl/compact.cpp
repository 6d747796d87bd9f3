// SPDX-License-Identifier: MIT
// chip.placement = compact: each layer a diamond of tiles near its producers.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "mapping/placement/placement_policy.h"

namespace imc::mapping::placements {
namespace {

/// The `n` free positions nearest to `anchor` (Manhattan, ties by row then column): a
/// diamond-shaped cluster, the most compact shape for in-layer merging.
std::vector<MeshPos> nearest_free(const std::vector<char>& used, int rows, int cols, MeshPos anchor, int n) {
  std::vector<MeshPos> out;
  for (int d = 0; static_cast<int>(out.size()) < n && d < rows + cols; ++d) {
    for (int dr = -d; dr <= d && static_cast<int>(out.size()) < n; ++dr) {
      const int r = anchor.row + dr;
      if (r < 0 || r >= rows) continue;
      const int rest = d - std::abs(dr);
      for (int c : {anchor.col - rest, anchor.col + rest}) {
        if (c >= 0 && c < cols && !used[static_cast<size_t>(r) * cols + c] && static_cast<int>(out.size()) < n)
          out.push_back({r, c});
        if (rest == 0) break;
      }
    }
  }
  return out;
}

/// Hops from `from` to the farthest of `to`.
int farthest(const MeshPos& from, const std::vector<MeshPos>& to) {
  int d = 0;
  for (const MeshPos& p : to) d = std::max(d, manhattan(from, p));
  return d;
}

/// Compact placement: each layer becomes a diamond of tiles around the anchor that
/// minimizes its own merge distance plus the distance its producers' results travel
/// (both as compute_hops measures them), searched near the producers.
void place_compact(std::vector<LayerMapping>& layers, const config::HwConfig& hw) {
  const int rows = hw.chip.mesh_rows, cols = hw.chip.mesh_cols;
  const MeshPos accumulator{hw.chip.accumulator_row, hw.chip.accumulator_col};
  std::vector<char> used(static_cast<size_t>(rows) * cols, 0);
  std::vector<MeshPos> center(layers.size(), MeshPos{0, 0});  // where each layer's results leave from
  MeshPos last{0, 0};
  for (size_t i = 0; i < layers.size(); ++i) {
    LayerMapping& l = layers[i];
    if (l.tiles == 0) {
      center[i] = l.engine == Engine::Accumulator ? accumulator : last;
      continue;
    }
    std::vector<MeshPos> sources;
    for (int p : l.producers) sources.push_back(center[static_cast<size_t>(p)]);
    if (sources.empty()) sources.push_back(last);
    // Candidate anchors: free positions within reach of the producers.
    const int reach = static_cast<int>(std::ceil(std::sqrt(double(l.tiles)))) + 2;
    int best = INT_MAX;
    std::vector<MeshPos> best_tiles;
    MeshPos best_anchor{0, 0};
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        const MeshPos a{r, c};
        const bool out_of_reach = best != INT_MAX && manhattan(a, sources.front()) > reach + best;
        if (used[static_cast<size_t>(r) * cols + c] || out_of_reach) continue;
        std::vector<MeshPos> tiles = nearest_free(used, rows, cols, a, l.tiles);
        if (static_cast<int>(tiles.size()) < l.tiles) continue;
        int inbound = 0;
        for (const MeshPos& s : sources) inbound = std::max(inbound, farthest(s, tiles));
        const int score = farthest(a, tiles) + inbound;
        if (score < best) {
          best = score;
          best_tiles = std::move(tiles);
          best_anchor = a;
        }
      }
    }
    if (best_tiles.empty()) best_tiles = nearest_free(used, rows, cols, sources.front(), l.tiles);
    l.tile_pos = best_tiles;
    for (const MeshPos& p : l.tile_pos) used[static_cast<size_t>(p.row) * cols + p.col] = 1;
    center[i] = best_anchor;
    last = best_anchor;
  }
}

class Compact : public PlacementPolicy {
 public:
  void place(std::vector<LayerMapping>& layers, const config::HwConfig& hw) const override {
    place_compact(layers, hw);
  }
};

}  // namespace

std::shared_ptr<const PlacementPolicy> make_compact() { return std::make_shared<Compact>(); }

}  // namespace imc::mapping::placements
