// SPDX-License-Identifier: MIT
// A Mapping compiled into what the controller runs: per layer, the tiles and
// PEs it uses, the work of one output pixel, which producer pixel each of its
// pixels waits for, and where its results go. Plain C++, no kernel.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "mapping/mapping.h"
#include "mapping/pipeline.h"

namespace imc::sim {

/// The shape of one matrix-vector product on a PE.
struct MvmShape {
  int max_row = 0;
  int max_col = 0;
  int max_pe = 0;      ///< PEs joined in the tile's adder tree
  int input_bits = 0;  ///< streamed bit-serially through the DACs
};

struct TileSlot {
  int index = 0;  ///< row * mesh_cols + col
  mapping::MeshPos pos;
  int pes = 0;  ///< PEs of the layer on this tile
};

struct TaskInput {
  int task = 0;              ///< producer
  bool after_all = false;    ///< wait for every producer pixel (FC)
  std::vector<long> needed;  ///< per own pixel: the producer pixel it waits for
  /// How this layer holds the producer's pixels in its tile input buffers (not for the
  /// accumulator). The producer may send pixel n only while n < freed + budget_pixels.
  mapping::InputWindow window;
  long budget_pixels = 0;  ///< this input's share of buffer.tile_input_bytes, in producer pixels; 0: unbounded
};

/// A consumer's input that a layer's results go into.
struct TaskOutput {
  int task = 0;   ///< consumer
  int input = 0;  ///< index into the consumer's inputs
};

struct LayerTask {
  std::string name;
  mapping::Engine engine = mapping::Engine::Crossbar;
  mapping::PixelGrid grid;
  std::vector<TileSlot> tiles;                 ///< copy r of the weights: tiles [r * tiles.size() / replicas, ...)
  int replicas = 1;                            ///< copies of the weights; pixel n runs on copy n mod replicas
  std::vector<mapping::MeshPos> aggregations;  ///< per copy: the tile that joins its partial sums
  MvmShape shape;
  int channels = 0;          ///< output channels
  config::AccumulatorOp op = config::AccumulatorOp::Add;  ///< accumulator: what it does to each pixel
  double activation_ns = 0;  ///< per pixel: the activation units (fused activations other than ReLU)
  int kernel = 0;
  std::array<mapping::PixelWork, mapping::kPixelPositions.size()> work;  ///< by mapping::PixelPosition
  std::vector<std::array<double, mapping::kPixelPositions.size()>>
      ideal_pixel_ns;               ///< per copy: contention-free pixel time, to tell resource waits apart
  std::vector<TaskInput> inputs;    ///< empty: reads the chip input from DRAM
  std::vector<TaskOutput> outputs;  ///< consumers whose tile input buffers back-pressure this layer
  std::vector<std::vector<mapping::MeshPos>> destinations;  ///< per copy; empty: writes the chip output to DRAM
  double input_bits_per_pixel = 0;
  int64_t macs = 0;
};

struct Program {
  std::string network;
  std::vector<LayerTask> tasks;  ///< parallel to Mapping::layers
};

/// Compiles a mapping; every tile index lies inside the mesh of m.hw.
Program compile_program(const mapping::Mapping& m);

}  // namespace imc::sim
