// SPDX-License-Identifier: MIT
// The simulate pipeline, shared by `imcnas simulate` and Python's Simulator.run: run a mapping
// on a chip with the trace outputs asked for (trace_outputs/), and the imcnas.sim.v1 document of
// the result. Which chip (elaborated for this run, or the process's one) stays with the caller.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mapping/cost_model.h"
#include "mapping/mapping.h"
#include "systemc_models/chip/chip.h"
#include "traces/tracer.h"

namespace imc::reports {

struct SimulationRequest {
  int batch = 1;
  std::string trace_dir;  ///< "": no trace files
  /// With trace_dir: the trace outputs to write (trace_output_registry names). One that asks
  /// the chip for something at elaboration (vcd) needs prepare_chip() before the chip is made.
  std::vector<std::string> trace_outputs{"perfetto", "csv"};
  traces::TraceFilter filter;
};

/// What the request's trace outputs need of a chip elaborated for `m` (a VCD), added to `chip`.
void prepare_chip(const SimulationRequest& request, const mapping::Mapping& m, sim::ChipOptions& chip);

struct Simulation {
  mapping::Estimate analytic;
  sim::SimResult result;
  std::string trace_dir;
  std::optional<uint64_t> trace_events, trace_dropped;  ///< when trace.json was written
  /// The imcnas.sim.v1 document, with "trace" when trace.json was written.
  nlohmann::json json() const;
};

/// Runs mapping `m` (with its analytic estimate) on `chip` and writes the traces `request` asks for.
Simulation run_simulation(sim::Chip& chip, const mapping::Mapping& m, const mapping::Estimate& analytic,
                          const SimulationRequest& request);

}  // namespace imc::reports
