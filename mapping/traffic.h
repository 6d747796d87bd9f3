// SPDX-License-Identifier: MIT
// The packets one output pixel of a layer sends, as the SystemC controller sends them: partial
// sums from each of a copy's tiles to its aggregation tile, then activations from there to the
// farthest tile of each counted consumer. The controller routes these; the analytic model counts
// their bit-hops from the same lists, so the two price the same NoC traffic.
#pragma once

#include <vector>

#include "mapping/actions.h"
#include "mapping/mapping.h"
#include "mapping/pipeline.h"

namespace imc::mapping {

/// Per counted consumer (transfer_targets), its tile farthest from `from`: the last one a
/// multicast of the activations reaches. Empty when the layer's results leave the chip.
std::vector<MeshPos> transfer_destinations(const Mapping& m, const LayerMapping& l, const MeshPos& from);

/// Hops summed over the packets of one pixel of copy `copy`.
struct CopyHops {
  int merge_hops = 0;        ///< each of the copy's tiles to its aggregation tile (crossbar layers)
  int transfer_hops = 0;     ///< the aggregation tile to each destination
  int merge_packets = 0;     ///< partial-sum packets that leave their tile
  int transfer_packets = 0;  ///< activation packets that leave the aggregation tile
  int tiles = 0;             ///< tiles that read their partial sums out for the merge
};
CopyHops copy_hops(const Mapping& m, const LayerMapping& l, int copy);

/// The flit-level routers' actions of one packet of `bits` over `hops` links (hops > 0).
FlitActions packet_flit_actions(const config::FlitRouterConfig& f, double bits, int hops);
/// The same summed over one pixel's packets of a copy (every packet of a kind has one size).
FlitActions copy_flit_actions(const config::FlitRouterConfig& f, const CopyHops& h, const PixelWork& w);

}  // namespace imc::mapping
