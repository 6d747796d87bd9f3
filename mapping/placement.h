// SPDX-License-Identifier: MIT
// Where tiles go on the mesh, and the hop counts that follow from it.
#pragma once

#include <string>
#include <vector>

#include "mapping/mapping.h"

namespace imc::mapping {

/// Mesh positions in the order a space-filling curve visits them:
/// spiral (square shells growing from corner (0,0)), snake, row_major, zigzag.
std::vector<MeshPos> curve_order(const std::string& curve, int rows, int cols);

/// Assigns tile_pos to every layer: along a curve, or, for "traffic", greedily
/// next to the tiles of each layer's producers.
void place_layers(std::vector<LayerMapping>& layers, const config::HwConfig& hw);

/// Where a layer's results go, as MNSIM's tile connection graph counts them: one entry per
/// counted consumer, the tiles the transfer may be timed to.
/// - A layer whose consumers are all element-wise sums sends to the accumulator only; otherwise
///   element-wise consumers are not counted and the others' tiles are.
/// - An element-wise sum (the accumulator) sends to each consumer's first tile in row-major order.
std::vector<std::vector<MeshPos>> transfer_targets(const std::vector<LayerMapping>& layers, const LayerMapping& l,
                                                   const MeshPos& accumulator);

/// Chooses each layer's aggregation tile and computes in-layer and trans-layer hops: candidates
/// are the layer's tiles in row-major order, scored by farthest own tile plus farthest target;
/// the first strictly smaller score wins; the output layer minimizes the in-layer distance.
void compute_hops(std::vector<LayerMapping>& layers, const config::HwConfig& hw);

}  // namespace imc::mapping
