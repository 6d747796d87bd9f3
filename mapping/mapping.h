// SPDX-License-Identifier: MIT
// The Mapping: where every layer of a network sits on the chip. A plain value
// that the analytic cost model, the SystemC simulator and the NAS consume.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "configs/hw_config.h"
#include "workloads/network.h"

namespace imc::mapping {

/// A network that cannot be placed on the chip (too many tiles).
class MappingError : public std::runtime_error {
 public:
  explicit MappingError(const std::string& message) : std::runtime_error(message) {}
};

struct MeshPos {
  int row = 0;
  int col = 0;
  bool operator==(const MeshPos& o) const { return row == o.row && col == o.col; }
};

inline int manhattan(const MeshPos& a, const MeshPos& b) {
  return (a.row > b.row ? a.row - b.row : b.row - a.row) + (a.col > b.col ? a.col - b.col : b.col - a.col);
}

/// Which engine runs a layer.
enum class Engine { Crossbar, Pooling, Accumulator };
const char* engine_name(Engine e);

/// How a weight matrix (k*k*Cin rows by Cout columns) is cut into crossbars.
/// Limits that keep every count in 32 bits (docs/config.md, "Limits").
constexpr int64_t kMaxMatrixRows = int64_t{1} << 30;  ///< k*k*Cin of one layer
constexpr int64_t kMaxLayerPes = int64_t{1} << 24;    ///< PEs of one layer

struct CrossbarLayout {
  int groups = 1;          ///< the conv's channel groups (1: dense; linear: 1)
  int groups_per_set = 1;  ///< channel groups that share one set of crossbars (mapping.group_packing)
  int sets = 1;            ///< independent sets of crossbars: ceil(groups / groups_per_set)
  int matrix_rows = 0;     ///< one set's matrix: groups_per_set * k*k*Cin/groups (conv) or in_features (linear)
  int matrix_cols = 0;     ///< one set's matrix: groups_per_set * Cout/groups, or out_features
  int row_parts = 0;       ///< crossbar-row partitions
  int rows_per_part = 0;   ///< matrix rows per partition: part p holds rows [p * it, (p + 1) * it)
  int col_parts = 0;       ///< crossbar-column partitions
  int weight_slices = 0;   ///< magnitude bits / bits per cell; one PE per slice
  int max_row = 0;         ///< rows used in the fullest partition
  int max_col = 0;         ///< columns used in the fullest partition
  int pes = 0;             ///< slices * row_parts * col_parts * sets
  int64_t weights = 0;     ///< the layer's weights: groups * (k*k*Cin/groups) * (Cout/groups)
  double utilization = 0;  ///< weights / cells of the allocated crossbars (one slice)
};

struct LayerMapping;
/// What an accumulator layer does to each pixel: a sum (Add), a product (Mul) or a move (channel shuffle).
config::AccumulatorOp accumulator_op(const LayerMapping& l);

struct LayerMapping {
  workloads::Layer layer;  ///< copy of the IR layer (shapes, kernel, stride)
  Engine engine = Engine::Crossbar;
  CrossbarLayout xbar;                ///< meaningful for Engine::Crossbar
  int pes = 0;                        ///< PEs used (pooling: 1)
  int tiles = 0;                      ///< tiles used (accumulator: 0)
  int max_pe = 0;                     ///< PEs used in the fullest tile
  int weight_bits = 0;                ///< stored weight precision (the layer's, else the chip's)
  int input_bits = 0;                 ///< precision of the activations it reads (its producers' output)
  int output_bits = 0;                ///< precision of the activations it writes
  int replicas = 1;                   ///< copies of the weights (mapping.replication); pes and tiles count all
  std::vector<MeshPos> tile_pos;      ///< one per tile; copy r holds tiles [r * tiles_per_replica(), ...)
  std::vector<MeshPos> aggregations;  ///< per copy: the tile that joins its partial sums
  std::vector<int> copy_in_hops;      ///< per copy (in_layer_hops: the largest)
  /// Activations other than ReLU fused after the layer, applied by the tile's activation units
  /// to every result on its way out (config::ActivationUnitConfig).
  std::vector<config::Activation> activations;
  std::vector<int> copy_trans_hops;  ///< per copy (trans_layer_hops: the largest)
  int in_layer_hops = 0;             ///< farthest own tile from the aggregation tile
  int trans_layer_hops = 0;          ///< farthest consumer (or accumulator) from the aggregation tile
  std::vector<int> producers;        ///< indices into Mapping::layers; empty: reads the chip input
  std::vector<int> consumers;        ///< indices into Mapping::layers

  int tiles_per_replica() const { return tiles / replicas; }
  int pes_per_replica() const { return pes / replicas; }
};

struct Mapping {
  std::string network;
  config::HwConfig hw;
  std::vector<LayerMapping> layers;  ///< mapped layers in topological order
  int tiles = 0;
  int pes = 0;
  int crossbars = 0;
  double utilization = 0;         ///< used cells / allocated cells, over all crossbar layers
  int pe_input_buffer_bytes = 0;  ///< global maxima, as MNSIM sizes them
  int tile_output_buffer_bytes = 0;
};

/// Maps a network onto the chip. Throws MappingError if it does not fit.
Mapping map_network(const workloads::Network& net, const config::HwConfig& hw);

/// The weight layout of one conv2d or linear layer whose weights are stored at `weight_bits`
/// (sign included).
CrossbarLayout layout_weights(const workloads::Layer& layer, const config::HwConfig& hw, int weight_bits);

}  // namespace imc::mapping
