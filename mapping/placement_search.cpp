// SPDX-License-Identifier: MIT
#include "mapping/placement_search.h"

#include <random>

#include "mapping/cost_model.h"
#include "mapping/placement.h"
#include "mapping/placement/placement_policy.h"

namespace imc::mapping {
namespace {

/// Latency first; total hops break ties, so moves that compact a layer without yet
/// shortening the critical path are kept and can enable later gains.
struct Cost {
  double latency_ns = 0;
  long hops = 0;
  bool operator<=(const Cost& o) const {
    return latency_ns < o.latency_ns || (latency_ns == o.latency_ns && hops <= o.hops);
  }
  bool operator<(const Cost& o) const {
    return latency_ns < o.latency_ns || (latency_ns == o.latency_ns && hops < o.hops);
  }
};

Cost evaluate(Mapping& m) {
  compute_hops(m.layers, m.hw);
  Cost c;
  c.latency_ns = estimate(m).latency_ns;
  for (const LayerMapping& l : m.layers) c.hops += l.in_layer_hops + l.trans_layer_hops;
  return c;
}

}  // namespace

void optimize_placement(Mapping& m, int evaluations) {
  // 1. The best starting point among the constructive placements.
  std::vector<std::vector<MeshPos>> best_layout;
  Cost best{INFINITY, 0};
  for (const char* start : {"spiral", "zigzag", "snake", "traffic", "compact"}) {
    placement_policy(start).place(m.layers, m.hw);
    const Cost c = evaluate(m);
    if (c < best) {
      best = c;
      best_layout.clear();
      for (const LayerMapping& l : m.layers) best_layout.push_back(l.tile_pos);
    }
  }
  for (size_t i = 0; i < m.layers.size(); ++i) m.layers[i].tile_pos = best_layout[i];

  // 2. Local search: move one tile to a nearby free position, or swap it with a tile of
  //    another layer; keep the change if the cost does not rise.
  const int rows = m.hw.chip.mesh_rows, cols = m.hw.chip.mesh_cols;
  std::vector<int> owner(static_cast<size_t>(rows) * cols, -1);  // layer index, -1: free
  std::vector<std::pair<int, int>> tiles;                        // (layer, slot)
  for (size_t i = 0; i < m.layers.size(); ++i)
    for (size_t k = 0; k < m.layers[i].tile_pos.size(); ++k) {
      const MeshPos& p = m.layers[i].tile_pos[k];
      owner[static_cast<size_t>(p.row) * cols + p.col] = static_cast<int>(i);
      tiles.emplace_back(static_cast<int>(i), static_cast<int>(k));
    }
  if (tiles.size() < 2) {
    compute_hops(m.layers, m.hw);
    return;
  }
  std::mt19937_64 rng(0x1A7E);  // fixed: the same network always gets the same placement
  std::uniform_int_distribution<size_t> pick(0, tiles.size() - 1);
  std::uniform_int_distribution<int> step(-3, 3);
  Cost current = evaluate(m);
  for (int e = 0; e < evaluations; ++e) {
    const auto [layer, slot] = tiles[pick(rng)];
    MeshPos& from = m.layers[static_cast<size_t>(layer)].tile_pos[static_cast<size_t>(slot)];
    const MeshPos to{from.row + step(rng), from.col + step(rng)};
    if (to.row < 0 || to.row >= rows || to.col < 0 || to.col >= cols || to == from) continue;
    const int other = owner[static_cast<size_t>(to.row) * cols + to.col];
    if (other == layer) continue;
    MeshPos* partner = nullptr;
    if (other >= 0) {
      for (MeshPos& q : m.layers[static_cast<size_t>(other)].tile_pos)
        if (q == to) partner = &q;
    }
    const MeshPos old = from;
    from = to;
    if (partner) *partner = old;
    const Cost c = evaluate(m);
    if (c <= current) {
      current = c;
      owner[static_cast<size_t>(old.row) * cols + old.col] = other;
      owner[static_cast<size_t>(to.row) * cols + to.col] = layer;
    } else {
      from = old;
      if (partner) *partner = to;
    }
  }
  compute_hops(m.layers, m.hw);
}

}  // namespace imc::mapping
