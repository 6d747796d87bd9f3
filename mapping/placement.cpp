// SPDX-License-Identifier: MIT
#include "mapping/placement.h"

#include <algorithm>
#include <climits>

namespace imc::mapping {
namespace {

std::vector<MeshPos> spiral(int rows, int cols) {
  std::vector<MeshPos> out;
  for (int s = 0; s < std::max(rows, cols); ++s) {
    std::vector<MeshPos> shell;
    for (int r = 0; r <= s; ++r) shell.push_back({r, s});      // down column s
    for (int c = s - 1; c >= 0; --c) shell.push_back({s, c});  // back along row s
    if (s % 2) std::reverse(shell.begin(), shell.end());       // alternate so the path stays connected
    for (const MeshPos& p : shell) {
      if (p.row < rows && p.col < cols) out.push_back(p);
    }
  }
  return out;
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
  const std::vector<MeshPos> order = curve_order(hw.chip.placement, hw.chip.mesh_rows, hw.chip.mesh_cols);
  size_t next = 0;
  for (LayerMapping& l : layers) {
    l.tile_pos.assign(order.begin() + static_cast<long>(next), order.begin() + static_cast<long>(next + l.tiles));
    next += static_cast<size_t>(l.tiles);
  }
}

void compute_hops(std::vector<LayerMapping>& layers, const config::HwConfig& hw) {
  const MeshPos accumulator{hw.chip.accumulator_row, hw.chip.accumulator_col};
  auto destinations = [&](const LayerMapping& l) {
    std::vector<MeshPos> out;
    for (int c : l.consumers) {
      const LayerMapping& consumer = layers[c];
      if (consumer.engine == Engine::Accumulator) {
        out.push_back(accumulator);
      } else {
        out.insert(out.end(), consumer.tile_pos.begin(), consumer.tile_pos.end());
      }
    }
    return out;
  };
  auto farthest = [](const MeshPos& from, const std::vector<MeshPos>& to) {
    int d = 0;
    for (const MeshPos& p : to) d = std::max(d, manhattan(from, p));
    return d;
  };

  for (LayerMapping& l : layers) {
    const std::vector<MeshPos> dest = destinations(l);
    if (l.engine == Engine::Accumulator) {
      l.aggregation = accumulator;
      l.in_layer_hops = 0;
      l.trans_layer_hops = farthest(accumulator, dest);
      continue;
    }
    int best = INT_MAX;
    for (const MeshPos& candidate : l.tile_pos) {
      const int own = farthest(candidate, l.tile_pos);
      const int out = farthest(candidate, dest);
      if (own + out < best) {
        best = own + out;
        l.aggregation = candidate;
        l.in_layer_hops = own;
        l.trans_layer_hops = out;
      }
    }
  }
}

}  // namespace imc::mapping
