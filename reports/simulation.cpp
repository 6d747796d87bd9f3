// SPDX-License-Identifier: MIT
#include "reports/simulation.h"

#include <filesystem>
#include <memory>

#include "reports/sim_report.h"
#include "traces/perfetto_sink.h"

namespace imc::reports {

nlohmann::json Simulation::json() const {
  nlohmann::json j = sim_result_json(result, analytic);
  if (trace_events) j["trace"] = {{"dir", trace_dir}, {"events", *trace_events}, {"dropped", *trace_dropped}};
  return j;
}

Simulation run_simulation(sim::Chip& chip, const mapping::Mapping& m, const mapping::Estimate& analytic,
                          const SimulationRequest& request) {
  Simulation s;
  s.analytic = analytic;
  s.trace_dir = request.trace_dir;
  std::unique_ptr<traces::Tracer> tracer;
  if (!request.trace_dir.empty()) {
    std::filesystem::create_directories(request.trace_dir);
    if (request.perfetto) {
      tracer = std::make_unique<traces::Tracer>(request.filter);
      tracer->add_sink(std::make_unique<traces::PerfettoSink>(request.trace_dir + "/trace.json"));
    }
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
  if (!request.trace_dir.empty() && request.stats_csv) write_stats_csv(request.trace_dir, s.result);
  return s;
}

}  // namespace imc::reports
