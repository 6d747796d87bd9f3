// SPDX-License-Identifier: MIT
#include "mapping/placement.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>

namespace imc::mapping {
namespace {

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

/// The first of `tiles` in row-major mesh order (ascending row, then column).
MeshPos first_row_major(const std::vector<MeshPos>& tiles) {
  return *std::min_element(tiles.begin(), tiles.end(), [](const MeshPos& a, const MeshPos& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
}

std::vector<MeshPos> row_major(int rows, int cols, bool snake) {
  std::vector<MeshPos> out;
  for (int r = 0; r < rows; ++r) {
    for (int i = 0; i < cols; ++i) out.push_back({r, (snake && r % 2) ? cols - 1 - i : i});
  }
  return out;
}

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

}  // namespace

std::vector<MeshPos> curve_order(const std::string& curve, int rows, int cols) {
  if (curve == "spiral") return spiral(rows, cols);
  if (curve == "snake") return row_major(rows, cols, true);
  if (curve == "row_major") return row_major(rows, cols, false);
  if (curve == "zigzag") return zigzag(rows, cols);
  throw MappingError("unknown placement curve '" + curve + "'");
}

void place_layers(std::vector<LayerMapping>& layers, const config::HwConfig& hw) {
  if (hw.chip.placement == "traffic") {
    place_by_traffic(layers, hw);
    return;
  }
  if (hw.chip.placement == "compact") {
    place_compact(layers, hw);
    return;
  }
  // "optimized" starts from spiral here; the mapper then searches (placement_search.h).
  const std::string curve = hw.chip.placement == "optimized" ? "spiral" : hw.chip.placement;
  const std::vector<MeshPos> order = curve_order(curve, hw.chip.mesh_rows, hw.chip.mesh_cols);
  size_t next = 0;
  for (LayerMapping& l : layers) {
    l.tile_pos.assign(order.begin() + static_cast<long>(next), order.begin() + static_cast<long>(next + l.tiles));
    next += static_cast<size_t>(l.tiles);
  }
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
