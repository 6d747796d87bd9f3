// SPDX-License-Identifier: MIT
#include "reports/simulation.h"

#include <filesystem>
#include <memory>

#include "reports/sim_report.h"
#include "reports/trace_outputs/trace_output.h"

namespace imc::reports {

nlohmann::json Simulation::json() const {
  nlohmann::json j = sim_result_json(result, analytic);
  if (trace_events) j["trace"] = {{"dir", trace_dir}, {"events", *trace_events}, {"dropped", *trace_dropped}};
  return j;
}

namespace {

std::vector<const TraceOutput*> outputs_of(const SimulationRequest& request) {
  std::vector<const TraceOutput*> out;
  if (request.trace_dir.empty()) return out;
  for (const std::string& name : request.trace_outputs) out.push_back(trace_output_registry().at(name).get());
  return out;
}

}  // namespace

void prepare_chip(const SimulationRequest& request, const mapping::Mapping& m, sim::ChipOptions& chip) {
  for (const TraceOutput* o : outputs_of(request)) o->before_elaboration(request.trace_dir, m, chip);
}

Simulation run_simulation(sim::Chip& chip, const mapping::Mapping& m, const mapping::Estimate& analytic,
                          const SimulationRequest& request) {
  Simulation s;
  s.analytic = analytic;
  s.trace_dir = request.trace_dir;
  const std::vector<const TraceOutput*> outputs = outputs_of(request);
  std::unique_ptr<traces::Tracer> tracer;
  if (!request.trace_dir.empty()) std::filesystem::create_directories(request.trace_dir);
  for (const TraceOutput* o : outputs)
    if (std::unique_ptr<traces::TraceSink> sink = o->sink(request.trace_dir)) {
      if (!tracer) tracer = std::make_unique<traces::Tracer>(request.filter);
      tracer->add_sink(std::move(sink));
    }
  sim::RunOptions options;
  options.batch = request.batch;
  options.tracer = tracer.get();
  s.result = chip.run(m, options);
  if (tracer) {
    tracer->close();
    s.trace_events = tracer->written();
    s.trace_dropped = tracer->dropped();
  }
  for (const TraceOutput* o : outputs) o->after_run(request.trace_dir, s.result, chip);
  return s;
}

}  // namespace imc::reports
