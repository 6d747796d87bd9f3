// SPDX-License-Identifier: MIT
// What a simulation run reports. Plain values; units in the names.
#pragma once

#include <string>
#include <vector>

#include "mapping/cost_model.h"
#include "mapping/metrics.h"
#include "systemc_models/common/activity.h"
#include "systemc_models/noc/router_stat.h"

namespace imc::sim {

struct LayerResult {
  std::string name;
  mapping::Engine engine = mapping::Engine::Crossbar;
  long pixels = 0;  ///< per inference
  double start_ns = 0;
  double finish_ns = 0;  ///< of the first inference
  double wait_input_ns = 0;
  double wait_resource_ns = 0;
  double wait_buffer_ns = 0;           ///< results held back: a consumer's input buffer was full
  double peak_input_buffer_bytes = 0;  ///< most producer output held in each of its tile input buffers
  LayerCounters counters;              ///< whole batch
  mapping::ComponentEnergy energy;     ///< per inference
  double peak_power_mw = 0;
};

/// Busy time of one module (or one link) over the run.
struct ModuleStat {
  std::string name;
  double busy_ns = 0;
  uint64_t uses = 0;
  double utilization = 0;  ///< busy / run time
};

struct SimResult {
  std::string network;
  std::string hw;
  std::string noc_mode;
  int batch = 1;
  double latency_ns = 0;                   ///< first inference, start to last pixel
  double makespan_ns = 0;                  ///< whole batch
  double throughput_inferences_per_s = 0;  ///< steady state (batch > 1), else 1 / latency
  mapping::ComponentEnergy energy;         ///< per inference
  double mnsim_energy_pj = 0;              ///< the subtotal MNSIM reports, per inference
  double average_power_mw = 0;             ///< energy / latency
  double peak_power_mw = 0;                ///< largest sum of concurrently active layers' average power
  double sum_of_layer_peak_power_mw = 0;   ///< what MNSIM prints as power
  double area_mm2 = 0;
  double tops = 0;        ///< 2 x MACs x throughput
  double tops_per_w = 0;  ///< 2 x MACs / energy per inference
  double edp_mj_ms = 0;   ///< energy (mJ) x latency (ms)
  int64_t macs = 0;
  uint64_t delta_cycles = 0;         ///< kernel delta cycles of the run
  uint64_t process_activations = 0;  ///< layer-process resumptions (the kernel's work)
  std::vector<LayerResult> layers;
  std::vector<ModuleStat> modules;  ///< used tiles' parts, accumulator, busiest links
  std::vector<RouterStat> routers;  ///< flit mode: the routers with the most buffered flits (at most 16)
  std::vector<ModuleStat> links;    ///< the busiest links (at most 16), in every mode
  int64_t noc_cycles_stepped = 0;   ///< flit mode: cycles the mesh's clock stepped
  int64_t noc_cycles_skipped = 0;   ///< flit mode: cycles it skipped, nothing being due (routers waiting or frozen)
};

/// What the chip measured, for the one derivation of the metrics (mapping/metrics.h).
inline mapping::InferenceTotals totals(const SimResult& r) {
  mapping::InferenceTotals t;
  t.latency_ns = r.latency_ns;
  t.throughput_inferences_per_s = r.throughput_inferences_per_s;
  t.energy = r.energy;
  t.area_mm2 = r.area_mm2;
  t.average_power_mw = r.average_power_mw;
  t.peak_power_mw = r.peak_power_mw;
  t.macs = double(r.macs);
  return t;
}

}  // namespace imc::sim
