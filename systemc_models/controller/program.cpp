// SPDX-License-Identifier: MIT
#include "systemc_models/controller/program.h"

#include <algorithm>

#include "mapping/buffer_fit.h"
#include "mapping/cost_model.h"
#include "mapping/timing.h"
#include "mapping/traffic.h"

namespace imc::sim {
namespace {

using mapping::LayerMapping;
using mapping::MeshPos;

/// The tiles of each copy of the weights in turn, each copy's PEs filling its tiles.
std::vector<TileSlot> tile_slots(const mapping::Mapping& m, const LayerMapping& l) {
  std::vector<TileSlot> slots;
  const size_t per_copy = static_cast<size_t>(l.tiles_per_replica());
  int remaining = 0;
  for (size_t k = 0; k < l.tile_pos.size(); ++k) {
    if (k % per_copy == 0) remaining = l.pes_per_replica();
    const MeshPos& pos = l.tile_pos[k];
    const int pes = std::min(remaining, l.max_pe);
    slots.push_back({pos.row * m.hw.chip.mesh_cols + pos.col, pos, pes});
    remaining -= pes;
  }
  return slots;
}

}  // namespace

Program compile_program(const mapping::Mapping& m) {
  Program prog;
  prog.network = m.network;
  for (const LayerMapping& l : m.layers) {
    LayerTask t;
    t.name = l.layer.name();
    t.engine = l.engine;
    t.grid = mapping::pixel_grid(l);
    t.tiles = tile_slots(m, l);
    t.replicas = l.replicas;
    t.aggregations = l.aggregations;
    t.shape = {l.xbar.max_row, l.xbar.max_col, l.max_pe, l.input_bits};
    t.channels = l.layer.out.channels;
    t.op = mapping::accumulator_op(l);
    t.activation_ns = mapping::timing::activation_ns(m.hw.activation, l.layer.out.channels, l.activations.size());
    t.kernel = l.layer.spec.kernel;
    t.ideal_pixel_ns.resize(static_cast<size_t>(l.replicas));
    for (mapping::PixelPosition pos : mapping::kPixelPositions) {
      t.work[static_cast<size_t>(pos)] = mapping::pixel_work(m, l, pos);
      for (int copy = 0; copy < l.replicas; ++copy)
        t.ideal_pixel_ns[static_cast<size_t>(copy)][static_cast<size_t>(pos)] =
            mapping::pixel_time(m, l, pos, copy).total_ns();
    }
    for (int p : l.producers) {
      const LayerMapping& producer = m.layers[static_cast<size_t>(p)];
      TaskInput in;
      in.task = p;
      in.after_all = mapping::waits_for_all(l, producer);
      if (!in.after_all) {
        in.needed.reserve(static_cast<size_t>(t.grid.count()));
        for (int i = 0; i < t.grid.rows; ++i)
          for (int j = 0; j < t.grid.cols; ++j) in.needed.push_back(mapping::needed_pixel(l, producer, i, j));
      }
      if (l.engine != mapping::Engine::Accumulator) in.window = mapping::input_window(l, producer);
      t.inputs.push_back(std::move(in));
    }
    // Each input's share of the tile input buffer (mapping/buffer_fit.h); the mapper has
    // checked that the pipeline completes with these shares.
    std::vector<const mapping::InputWindow*> windows;
    for (const TaskInput& in : t.inputs) windows.push_back(&in.window);
    const std::vector<long> budgets = mapping::input_budget_pixels(windows, m.hw.buffer.tile_input_bytes);
    for (size_t k = 0; k < t.inputs.size(); ++k) t.inputs[k].budget_pixels = budgets[k];
    for (const MeshPos& from : t.aggregations) t.destinations.push_back(mapping::transfer_destinations(m, l, from));
    t.input_bits_per_pixel = double(l.layer.in.channels) * l.input_bits;
    t.macs = l.layer.macs;
    prog.tasks.push_back(std::move(t));
  }
  for (size_t c = 0; c < prog.tasks.size(); ++c)
    for (size_t k = 0; k < prog.tasks[c].inputs.size(); ++k)
      if (prog.tasks[c].inputs[k].budget_pixels > 0)
        prog.tasks[static_cast<size_t>(prog.tasks[c].inputs[k].task)].outputs.push_back(
            {static_cast<int>(c), static_cast<int>(k)});
  return prog;
}

}  // namespace imc::sim
