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

/// Chooses each layer's aggregation tile and computes in-layer and trans-layer hops.
void compute_hops(std::vector<LayerMapping>& layers, const config::HwConfig& hw);

}  // namespace imc::mapping
