// SPDX-License-Identifier: MIT
// A trace output of a simulation (`imcnas simulate --trace-format`): what it asks of the chip
// before elaboration, the sink it adds to the run's tracer, the files it writes after the run.
// Variants in impl/, one file each, registered in trace_output_registry.cpp.
#pragma once

#include <memory>
#include <string>

#include "configs/registry.h"
#include "mapping/mapping.h"
#include "systemc_models/chip/chip.h"
#include "traces/trace_sink.h"

namespace imc::reports {

class TraceOutput {
 public:
  virtual ~TraceOutput() = default;
  /// Before the chip is elaborated: what the chip records itself (a VCD of its signals).
  virtual void before_elaboration(const std::string& /*dir*/, const mapping::Mapping&, sim::ChipOptions&) const {}
  /// The sink this output adds to the run's tracer, or nothing.
  virtual std::unique_ptr<traces::TraceSink> sink(const std::string& /*dir*/) const { return nullptr; }
  /// After the run: the files written from the result or the chip.
  virtual void after_run(const std::string& /*dir*/, const sim::SimResult&, sim::Chip&) const {}
};

using TraceOutputRegistry = config::Registry<std::shared_ptr<const TraceOutput>>;
/// perfetto (trace.json), csv (layers.csv and modules.csv), vcd (trace.vcd).
const TraceOutputRegistry& trace_output_registry();

}  // namespace imc::reports
