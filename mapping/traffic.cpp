// SPDX-License-Identifier: MIT
#include "mapping/traffic.h"

#include "mapping/placement.h"

namespace imc::mapping {

std::vector<MeshPos> transfer_destinations(const Mapping& m, const LayerMapping& l, const MeshPos& from) {
  std::vector<MeshPos> out;
  const MeshPos accumulator{m.hw.chip.accumulator_row, m.hw.chip.accumulator_col};
  for (const std::vector<MeshPos>& target : transfer_targets(m.layers, l, accumulator)) {
    MeshPos far = target.front();
    for (const MeshPos& p : target)
      if (manhattan(from, p) > manhattan(from, far)) far = p;
    out.push_back(far);
  }
  return out;
}

CopyHops copy_hops(const Mapping& m, const LayerMapping& l, int copy) {
  CopyHops h;
  const MeshPos& aggregation = l.aggregations[static_cast<size_t>(copy)];
  if (l.engine == Engine::Crossbar) {
    const size_t per_copy = static_cast<size_t>(l.tiles_per_replica());
    for (size_t k = static_cast<size_t>(copy) * per_copy; k < (static_cast<size_t>(copy) + 1) * per_copy; ++k) {
      const int hops = manhattan(l.tile_pos[k], aggregation);
      h.merge_hops += hops;
      h.merge_packets += hops > 0;
      ++h.tiles;
    }
  }
  for (const MeshPos& d : transfer_destinations(m, l, aggregation)) {
    const int hops = manhattan(aggregation, d);
    h.transfer_hops += hops;
    h.transfer_packets += hops > 0;
  }
  return h;
}

FlitActions packet_flit_actions(const config::FlitRouterConfig& f, double bits, int hops) {
  return FlitActions::of_packets(f.flits_of(bits), hops, 1);
}

FlitActions copy_flit_actions(const config::FlitRouterConfig& f, const CopyHops& h, const PixelWork& w) {
  FlitActions a = FlitActions::of_packets(f.flits_of(w.merge_bits), h.merge_hops, h.merge_packets);
  a += FlitActions::of_packets(f.flits_of(w.transfer_bits), h.transfer_hops, h.transfer_packets);
  return a;
}

}  // namespace imc::mapping
