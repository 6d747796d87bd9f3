// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "configs/crossbar_geometry.h"
#include "mapping/buffer_fit.h"
#include "mapping/mapping.h"
#include "mapping/pipeline.h"
#include "mapping/placement.h"
#include "mapping/placement/placement_policy.h"
#include "mapping/precision.h"
#include "mapping/replication.h"

namespace imc::mapping {

const char* engine_name(Engine e) {
  switch (e) {
    case Engine::Crossbar:
      return "crossbar";
    case Engine::Pooling:
      return "pooling";
    case Engine::Accumulator:
      return "accumulator";
  }
  return "?";
}

config::AccumulatorOp accumulator_op(const LayerMapping& l) {
  switch (l.layer.kind()) {
    case workloads::LayerKind::Mul:
      return config::AccumulatorOp::Multiply;
    case workloads::LayerKind::ChannelShuffle:
      return config::AccumulatorOp::Move;
    default:
      return config::AccumulatorOp::Add;
  }
}

namespace {

using workloads::LayerKind;

int ceil_div(int a, int b) { return (a + b - 1) / b; }

/// Conv, linear, pooling, add, mul and channel shuffle need hardware; ReLU, BN (folded),
/// dropout, flatten, concat and slice are free and pass data through (a slice's consumer
/// receives its producer's whole pixel and keeps the channels it reads).
bool needs_hardware(LayerKind kind, Engine& engine) {
  switch (kind) {
    case LayerKind::Conv2d:
    case LayerKind::Linear:
      engine = Engine::Crossbar;
      return true;
    case LayerKind::MaxPool:
    case LayerKind::AvgPool:
      engine = Engine::Pooling;
      return true;
    case LayerKind::Add:
    case LayerKind::Mul:
    case LayerKind::ChannelShuffle:
      engine = Engine::Accumulator;
      return true;
    default:
      return false;
  }
}

/// A layer's precisions (mapping/precision.h). The chip's datapath is as wide as its
/// quantization bits, so a layer may ask for fewer only.
void resolve_bits(LayerMapping& l, const LayerPrecision& p, const config::HwConfig& hw) {
  const config::LayerSpec& s = l.layer.spec;
  for (const auto& [bits, chip, what] :
       {std::tuple{s.weight_bits, hw.quantization.weight_bits, "weight_bits"},
        std::tuple{s.activation_bits, hw.quantization.activation_bits, "activation_bits"}})
    if (bits > chip)
      throw MappingError("layer '" + s.name + "' (" + s.origin + "): " + what + " = " + std::to_string(bits) +
                         " exceeds the chip's " + std::to_string(chip) + " (quantization." + what + ")");
  l.weight_bits = p.weight_bits;
  l.input_bits = p.input_bits;
  l.output_bits = p.output_bits;
}

int pow2_at_least(double bytes) {
  return 1 << std::max(0, static_cast<int>(std::ceil(std::log2(std::max(1.0, bytes)))));
}

}  // namespace

namespace {

/// The layers that need hardware, each laid out on crossbars (or a pooling unit or the
/// accumulator), with its producers and consumers among them.
void lay_out_layers(const workloads::Network& net, const config::HwConfig& hw, Mapping& m) {
  const std::vector<LayerPrecision> precision =
      layer_precisions(net, hw.quantization.weight_bits, hw.quantization.activation_bits);
  // For every IR layer, the mapped layers that stand for its output.
  std::vector<std::set<int>> source_of(net.layers().size());
  for (size_t i = 0; i < net.layers().size(); ++i) {
    const workloads::Layer& l = net.layer(static_cast<int>(i));
    std::set<int> from;
    for (int p : l.producers) from.insert(source_of[p].begin(), source_of[p].end());
    Engine engine = Engine::Crossbar;
    if (!needs_hardware(l.kind(), engine)) {
      source_of[i] = from;
      if (l.kind() == LayerKind::Activation) {  // applied by the activation units of the layers it follows
        if (from.empty())
          throw MappingError("layer '" + l.name() + "' (" + l.spec.origin + "): a " +
                             config::activation_name(l.spec.activation) +
                             " on the chip's input has no layer whose activation units could apply it");
        for (int s : from) m.layers[static_cast<size_t>(s)].activations.push_back(l.spec.activation);
      }
      continue;
    }
    LayerMapping lm;
    lm.layer = l;
    lm.engine = engine;
    lm.producers.assign(from.begin(), from.end());
    resolve_bits(lm, precision[i], hw);
    if (engine == Engine::Crossbar) {
      lm.xbar = layout_weights(l, hw, lm.weight_bits);
      lm.pes = lm.xbar.pes;
      lm.tiles = ceil_div(lm.pes, hw.tile.pes_per_tile);
      lm.max_pe = std::min(lm.pes, hw.tile.pes_per_tile);
    } else if (engine == Engine::Pooling) {
      lm.pes = 1;
      lm.tiles = 1;
      lm.max_pe = 1;
    }
    const int index = static_cast<int>(m.layers.size());
    for (int p : lm.producers) m.layers[p].consumers.push_back(index);
    m.layers.push_back(std::move(lm));
    source_of[i] = {index};
  }
}

/// Tiles, PEs, crossbars and cell utilization of the chip; a MappingError naming the largest
/// layers when the network needs more tiles than the mesh has.
void count_and_check_capacity(const workloads::Network& net, const config::HwConfig& hw, Mapping& m) {
  const int capacity = hw.chip.mesh_rows * hw.chip.mesh_cols;
  // Sums in 64 bits: a network that does not fit may pass 2^31 before the capacity check.
  int64_t total_tiles = 0, total_pes = 0, crossbar_pes = 0;
  double used_cells = 0, allocated_cells = 0;
  for (const LayerMapping& l : m.layers) {
    total_tiles += l.tiles;
    total_pes += l.pes;
    if (l.engine == Engine::Crossbar) {
      crossbar_pes += l.pes;
      used_cells += double(l.xbar.weights) * l.xbar.weight_slices * l.replicas;
      allocated_cells += double(l.pes) * hw.crossbar.rows * hw.crossbar.cols;
    }
  }
  m.utilization = allocated_cells > 0 ? used_cells / allocated_cells : 0;

  if (total_tiles > capacity) {
    std::string biggest;
    std::vector<const LayerMapping*> by_tiles;
    for (const LayerMapping& l : m.layers) by_tiles.push_back(&l);
    std::sort(by_tiles.begin(), by_tiles.end(), [](auto* a, auto* b) { return a->tiles > b->tiles; });
    for (size_t i = 0; i < std::min<size_t>(3, by_tiles.size()); ++i) {
      biggest += (i ? ", " : "") + by_tiles[i]->layer.name() + " " + std::to_string(by_tiles[i]->tiles);
    }
    throw MappingError("network '" + net.name() + "' needs " + std::to_string(total_tiles) + " tiles but chip '" +
                       hw.name + "' has " + std::to_string(capacity) + " (" + std::to_string(hw.chip.mesh_rows) + "x" +
                       std::to_string(hw.chip.mesh_cols) + " mesh); largest layers: " + biggest);
  }
  m.tiles = static_cast<int>(total_tiles);
  m.pes = static_cast<int>(total_pes);
  m.crossbars = static_cast<int>(config::kCrossbarsPerPe * crossbar_pes);
}

/// Buffer sizes are global maxima over the layers (MNSIM sizes every buffer alike).
void size_buffers(Mapping& m) {
  for (const LayerMapping& l : m.layers) {
    if (l.engine != Engine::Crossbar) continue;
    const int k = l.layer.kind() == LayerKind::Conv2d ? l.layer.spec.kernel : 1;
    const double line = double(l.layer.in.width) * k * l.layer.in.channels * l.input_bits / 8.0;
    m.pe_input_buffer_bytes = std::max(m.pe_input_buffer_bytes, pow2_at_least(line / l.pes));
    m.tile_output_buffer_bytes =
        std::max(m.tile_output_buffer_bytes, pow2_at_least(2.0 * l.layer.out.channels * l.output_bits / 8.0 / l.tiles));
  }
}

}  // namespace

Mapping map_network(const workloads::Network& net, const config::HwConfig& hw) {
  Mapping m;
  m.network = net.name();
  m.hw = hw;
  lay_out_layers(net, hw, m);
  if (hw.mapping.balanced_replication()) {
    const int capacity = hw.chip.mesh_rows * hw.chip.mesh_cols;
    int tiles = 0;
    for (const LayerMapping& l : m.layers) tiles += l.tiles;
    if (tiles <= capacity) balance_replicas(m, capacity - tiles);
  }
  count_and_check_capacity(net, hw, m);
  place_layers(m.layers, hw);
  compute_hops(m.layers, hw);
  size_buffers(m);
  check_buffer_capacities(m);
  check_pipeline_completes(m);
  placement_policy(hw.chip.placement).refine(m);
  return m;
}

}  // namespace imc::mapping
