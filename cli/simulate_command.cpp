// SPDX-License-Identifier: MIT
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/net_options.h"
#include "cli/table.h"
#include "reports/sim_report.h"
#include "reports/simulation.h"
#include "reports/trace_outputs/trace_output.h"
#include "systemc_models/chip/chip.h"
#include "systemc_models/chip/process_chip.h"
#include "traces/output_file.h"
#include "traces/tracer.h"

namespace imc::cli {
namespace {

struct Options {
  NetOptions net;
  std::string hw;
  std::vector<std::string> sets;
  int batch = 1;
  std::string trace_dir;
  std::vector<std::string> trace_formats{"perfetto", "csv"};
  std::vector<std::string> trace_layers;
  std::string trace_window_ns;
  uint64_t trace_max_events = 2'000'000;
  bool json = false;
};

/// Images per simulate run: enough for a steady-state throughput, and bounded so a
/// typo cannot start an hour-long run (docs/simulator.md).
constexpr int kMaxBatch = 10'000;

double window_bound(const std::string& whole, const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v))
    throw std::invalid_argument("--trace-window-ns " + whole + ": '" + text +
                                "' is not a number of ns; expected START:END, e.g. 0:5000");
  return v;
}

/// Every option that only means something with another is refused without it.
void check_trace_options(const Options& o, const mapping::Mapping& m, const CLI::App& cmd) {
  if (o.trace_dir.empty()) {
    for (const char* opt : {"--trace-format", "--trace-layers", "--trace-window-ns", "--trace-max-events"})
      if (cmd.count(opt)) throw std::invalid_argument(std::string(opt) + " needs --trace DIR");
    return;
  }
  for (const std::string& name : o.trace_layers) {
    const bool known = std::any_of(m.layers.begin(), m.layers.end(),
                                   [&](const mapping::LayerMapping& l) { return l.layer.name() == name; });
    if (known) continue;
    std::string names;
    for (const mapping::LayerMapping& l : m.layers) names += (names.empty() ? "" : ", ") + l.layer.name();
    throw std::invalid_argument("--trace-layers: no mapped layer '" + name + "' in " + m.network +
                                "; its layers: " + names);
  }
}

traces::TraceFilter trace_filter(const Options& o) {
  traces::TraceFilter f;
  f.layers.insert(o.trace_layers.begin(), o.trace_layers.end());
  f.max_events = o.trace_max_events;
  if (!o.trace_window_ns.empty()) {
    const size_t colon = o.trace_window_ns.find(':');
    if (colon == std::string::npos)
      throw std::invalid_argument("--trace-window-ns expects START:END in ns, got '" + o.trace_window_ns + "'");
    const double start = window_bound(o.trace_window_ns, o.trace_window_ns.substr(0, colon));
    const double end = window_bound(o.trace_window_ns, o.trace_window_ns.substr(colon + 1));
    if (start < 0 || end <= start)
      throw std::invalid_argument("--trace-window-ns: END must be after START, and both >= 0");
    f.window_start_ps = static_cast<uint64_t>(start * 1000);
    f.window_end_ps = static_cast<uint64_t>(end * 1000);
  }
  return f;
}

void run(const Options& o, const CLI::App& cmd) {
  const config::HwConfig hw = config::load_hw_config(o.hw, config::parse_overrides(o.sets));
  const workloads::Network net = workloads::load_network(o.net.request());
  const mapping::Mapping m = mapping::map_network(net, hw);
  const mapping::Estimate analytic = mapping::estimate(m);
  check_trace_options(o, m, cmd);

  const auto wall_start = std::chrono::steady_clock::now();
  // One run: elaborate only the tiles this mapping uses.
  reports::SimulationRequest request;
  request.batch = o.batch;
  request.trace_dir = o.trace_dir;
  request.trace_outputs = o.trace_formats;
  if (!o.trace_dir.empty()) request.filter = trace_filter(o);
  sim::ChipOptions chip_options;
  chip_options.populated_tiles = sim::used_tiles(m);
  reports::prepare_chip(request, m, chip_options);
  sim::Chip& chip = sim::process_chip(hw, "imcnas simulate", chip_options);
  const reports::Simulation sim = reports::run_simulation(chip, m, analytic, request);
  const sim::SimResult& r = sim.result;
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();

  if (o.json) {
    std::cout << sim.json().dump(2) << "\n";
    return;
  }
  reports::print_sim_result(std::cout, r, analytic);
  std::cout << "simulation: " << fixed(wall_ms, 1) << " ms wall clock (elaboration + run), " << r.delta_cycles
            << " delta cycles\n";
  if (sim.trace_events)
    std::cout << "trace: " << o.trace_dir << " (" << *sim.trace_events << " events"
              << (*sim.trace_dropped ? ", " + std::to_string(*sim.trace_dropped) + " dropped by --trace-max-events"
                                     : "")
              << ")\n";
}

}  // namespace

void register_simulate_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("simulate", "run a network on the SystemC chip model");
  cmd->add_option("--hw", o->hw, "hardware TOML, e.g. configs/hw/mnsim-2024.toml")->required();
  o->net.add_to(*cmd);
  cmd->add_option("--set", o->sets, "override a hardware key: --set noc.mode=contention (repeatable)");
  cmd->add_option("--batch", o->batch, "images streamed through the pipeline (throughput)")
      ->check(CLI::Range(1, kMaxBatch))
      ->capture_default_str();
  cmd->add_option("--trace", o->trace_dir, "write traces into this directory");
  cmd->add_option("--trace-format", o->trace_formats,
                  "comma-separated: " + config::joined_names(reports::trace_output_registry().names()))
      ->delimiter(',')
      ->check(CLI::IsMember(reports::trace_output_registry().names()));
  cmd->add_option("--trace-layers", o->trace_layers, "trace only these layers (comma-separated)")->delimiter(',');
  cmd->add_option("--trace-window-ns", o->trace_window_ns, "trace only START:END (ns from the run start)");
  cmd->add_option("--trace-max-events", o->trace_max_events, "stop tracing after this many events")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->callback([o, cmd] { run(*o, *cmd); });
}

}  // namespace imc::cli
