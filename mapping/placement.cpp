// SPDX-License-Identifier: MIT
#include "mapping/placement.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "mapping/placement/placement_policy.h"

namespace imc::mapping {
namespace {

/// The first of `tiles` in row-major mesh order (ascending row, then column).
MeshPos first_row_major(const std::vector<MeshPos>& tiles) {
  return *std::min_element(tiles.begin(), tiles.end(), [](const MeshPos& a, const MeshPos& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
}

/// The farthest Manhattan distance from any point to a fixed set, in O(1) per query:
/// |dr| + |dc| is the largest of the four signed sums, so the set's extremes of
/// row + col and row - col are all it needs. Keeps compute_hops linear in the tiles.
class FarthestPoint {
 public:
  explicit FarthestPoint(const std::vector<MeshPos>& set) : m_empty(set.empty()) {
    for (const MeshPos& p : set) {
      m_max_sum = std::max(m_max_sum, p.row + p.col);
      m_min_sum = std::min(m_min_sum, p.row + p.col);
      m_max_diff = std::max(m_max_diff, p.row - p.col);
      m_min_diff = std::min(m_min_diff, p.row - p.col);
    }
  }
  int from(const MeshPos& a) const {
    if (m_empty) return 0;
    const int sum = a.row + a.col, diff = a.row - a.col;
    return std::max({m_max_sum - sum, sum - m_min_sum, m_max_diff - diff, diff - m_min_diff});
  }

 private:
  bool m_empty;
  int m_max_sum = INT_MIN, m_min_sum = INT_MAX, m_max_diff = INT_MIN, m_min_diff = INT_MAX;
};

}  // namespace

void place_layers(std::vector<LayerMapping>& layers, const config::HwConfig& hw) {
  placement_policy(hw.chip.placement).place(layers, hw);
}

std::vector<std::vector<MeshPos>> transfer_targets(const std::vector<LayerMapping>& layers, const LayerMapping& l,
                                                   const MeshPos& accumulator) {
  std::vector<std::vector<MeshPos>> out;
  if (l.engine == Engine::Accumulator) {  // each consumer's first tile in row-major order
    for (int c : l.consumers) {
      const LayerMapping& consumer = layers[static_cast<size_t>(c)];
      out.push_back({consumer.tile_pos.empty() ? accumulator : first_row_major(consumer.tile_pos)});
    }
    return out;
  }
  const bool all_elementwise = !l.consumers.empty() && std::all_of(l.consumers.begin(), l.consumers.end(), [&](int c) {
    return layers[static_cast<size_t>(c)].engine == Engine::Accumulator;
  });
  if (all_elementwise) return {{accumulator}};
  for (int c : l.consumers) {
    const LayerMapping& consumer = layers[static_cast<size_t>(c)];
    if (consumer.engine != Engine::Accumulator) out.push_back(consumer.tile_pos);
  }
  return out;
}

void compute_hops(std::vector<LayerMapping>& layers, const config::HwConfig& hw) {
  const MeshPos accumulator{hw.chip.accumulator_row, hw.chip.accumulator_col};
  for (LayerMapping& l : layers) {
    std::vector<MeshPos> dest_tiles;
    for (const std::vector<MeshPos>& target : transfer_targets(layers, l, accumulator))
      dest_tiles.insert(dest_tiles.end(), target.begin(), target.end());
    const FarthestPoint dest(dest_tiles);
    if (l.engine == Engine::Accumulator) {
      l.aggregations = {accumulator};
      l.in_layer_hops = 0;
      l.trans_layer_hops = dest.from(accumulator);
      l.copy_in_hops = {0};
      l.copy_trans_hops = {l.trans_layer_hops};
      continue;
    }
    // Each copy of the weights merges on its own tiles; the layer's hops are the worst copy's.
    l.aggregations.clear();
    l.copy_in_hops.clear();
    l.copy_trans_hops.clear();
    l.in_layer_hops = l.trans_layer_hops = 0;
    const size_t per_copy = static_cast<size_t>(l.tiles_per_replica());
    for (int r = 0; r < l.replicas; ++r) {
      std::vector<MeshPos> own_tiles(l.tile_pos.begin() + static_cast<long>(r * per_copy),
                                     l.tile_pos.begin() + static_cast<long>((r + 1) * per_copy));
      const FarthestPoint own_set(own_tiles);
      // Candidates in row-major mesh order; the first strictly smaller score wins (MNSIM's tie-break).
      std::sort(own_tiles.begin(), own_tiles.end(),
                [](const MeshPos& a, const MeshPos& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
      int best = INT_MAX, best_own = 0, best_out = 0;
      MeshPos at;
      for (const MeshPos& candidate : own_tiles) {
        const int own = own_set.from(candidate);
        const int out = dest.from(candidate);
        if (own + out < best) {
          best = own + out;
          at = candidate;
          best_own = own;
          best_out = out;
        }
      }
      l.aggregations.push_back(at);
      l.copy_in_hops.push_back(best_own);
      l.copy_trans_hops.push_back(best_out);
      l.in_layer_hops = std::max(l.in_layer_hops, best_own);
      l.trans_layer_hops = std::max(l.trans_layer_hops, best_out);
    }
  }
}

}  // namespace imc::mapping
