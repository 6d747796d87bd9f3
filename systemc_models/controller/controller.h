// SPDX-License-Identifier: MIT
// The IMC controller: loads a Program, starts one process per layer (layers
// overlap as a pipeline, one output pixel at a time), and tells a finished run
// from a stuck one: when no event is pending while work remains, it names each
// stuck layer and what it waits for.
#pragma once

#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "systemc_models/common/interfaces.h"
#include "systemc_models/common/trace_context.h"
#include "systemc_models/controller/program.h"

namespace imc::sim {

/// What one layer did in a run.
struct LayerRun {
  std::vector<sc_core::sc_time> finish;  ///< per pixel, batch-major: when it was released in order
  std::vector<char> completed;           ///< per pixel: computed (copies may finish out of order)
  long done = 0;                         ///< pixels released: every one before this index is complete
  bool started = false;
  sc_core::sc_time start;
  sc_core::sc_event advanced;
  LayerCounters counters;
  double wait_input_ns = 0;                 ///< pixels ready to go but waiting for producer pixels
  double wait_resource_ns = 0;              ///< pixels slowed by a busy link, port or adder
  double wait_buffer_ns = 0;                ///< results held back: a consumer's tile input buffer was full
  std::vector<double> copy_buffer_wait_ns;  ///< per copy: of its pixel in flight, kept out of wait_resource_ns
  std::vector<long> freed;                  ///< per input: producer pixels (over the batch) this layer has let go of
  double input_held_bytes = 0;              ///< in each of its tile input buffers (all hold the same pixels)
  double peak_input_held_bytes = 0;
  bool waiting_for_space = false;  ///< blocked on waiting_task's input buffer, not on its pixels
  /// What the layer is blocked on right now (waiting_task < 0: nothing); formatted only
  /// for a deadlock report, never on the hot path.
  int waiting_task = -1;
  long waiting_pixel = 0;
  int waiting_image = 0;
};

class Controller : public sc_core::sc_module {
 public:
  sc_core::sc_port<tile_if, 0> tiles;
  sc_core::sc_port<noc_if> noc;
  sc_core::sc_port<accumulator_if> accumulator;
  sc_core::sc_port<dram_if> dram;

  Controller(sc_core::sc_module_name name, const TraceContext* trace);

  /// Which port of `tiles` each tile index is bound to (-1: not elaborated).
  void set_tile_ports(std::vector<int> port_of_tile) { m_port_of_tile = std::move(port_of_tile); }

  /// Loads a program for `batch` images; the next sc_start() runs it.
  void load(const Program& program, int batch);
  /// Ends the processes of an unfinished run (after a deadlock); needs one sc_start().
  void abort_run();

  bool finished() const;
  /// "layer conv2 waits for pixel 37 of conv1 (image 0)", one line per stuck layer.
  std::vector<std::string> stuck_layers() const;
  const std::vector<std::unique_ptr<LayerRun>>& layers() const { return m_runs; }
  int batch() const { return m_batch; }
  /// Times a layer process suspended and resumed in this run (kernel work, for benchmarks).
  uint64_t activations() const { return m_activations; }

 private:
  void start_loop();
  /// One layer process: runs its assignment, then waits for the next run's. Kept across runs, so
  /// a run does not create and destroy a thread (and its stack) per layer.
  void worker_loop(size_t worker);
  void run_layer(int index, int copy, sc_core::sc_event& delivered);
  void wait_for_inputs(int index, int image, long pixel);
  // `delivered`: the layer process's own event, which the NoC notifies when its packets are in.
  void crossbar_pixel(const LayerTask& t, int copy, long pixel, const mapping::PixelWork& w, const Activity& a,
                      sc_core::sc_event& delivered);
  void pooling_pixel(const LayerTask& t, long pixel, const mapping::PixelWork& w, const Activity& a,
                     sc_core::sc_event& delivered);
  void accumulator_pixel(const LayerTask& t, long pixel, const mapping::PixelWork& w, const Activity& a,
                         sc_core::sc_event& delivered);
  void send_results(const LayerTask& t, int copy, long pixel, const mapping::PixelWork& w, const Activity& a,
                    sc_core::sc_event& delivered);
  /// Blocks until every consumer's input buffer has room for pixel `pixel` (over the batch).
  void wait_for_space(int index, long pixel, const Activity& a);
  void release(int index, long pixel, const sc_core::sc_time& done);
  /// Lets go of the producer pixels no later own pixel reads, once pixels before run.done are done.
  void free_inputs(int index);
  void wait_until(const sc_core::sc_time& t);
  tile_if& tile(int index) { return *tiles[m_port_of_tile[static_cast<size_t>(index)]]; }

  const TraceContext* m_trace;
  std::vector<int> m_port_of_tile;
  Program m_program;
  int m_batch = 1;
  std::vector<std::unique_ptr<LayerRun>> m_runs;
  std::vector<std::string> m_tracks;
  /// A layer process's assignment for the current run.
  struct Worker {
    int index = 0;
    int copy = 0;
    sc_core::sc_event start;
    sc_core::sc_event delivered;  ///< its packets are in (flit mode)
  };
  std::vector<std::unique_ptr<Worker>> m_workers;
  sc_core::sc_event m_start;
  sc_core::sc_event m_abort;
  bool m_aborting = false;
  uint64_t m_activations = 0;
};

}  // namespace imc::sim
