// SPDX-License-Identifier: MIT
// `imcnas noc bench`: BookSim 2's synthetic-traffic methodology on the flit-level routers
// (docs/noc.md): a latency-load curve, one point per rate, as a table, JSON or a plot.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/table.h"
#include "configs/overrides.h"
#include "systemc_models/noc/flit/latency_bench.h"
#include "traces/csv_writer.h"
#include "traces/gnuplot.h"
#include "traces/output_file.h"

namespace imc::cli {
namespace {

struct Options {
  std::string mesh = "8x8";
  std::string traffic = "uniform";
  std::vector<int> hotspots;
  std::vector<double> rates;
  int packet_flits = 1;
  std::vector<std::string> sets;
  uint64_t seed = 0;
  std::string rng = "mt19937";
  int sample_period = 10000;
  int warmup_periods = 3;
  int max_samples = 10;
  bool json = false;
  bool all_rates = false;
  std::string plot;
};

/// "KxK" or "COLSxROWS".
std::pair<int, int> parse_mesh(const std::string& text) {
  const size_t x = text.find('x');
  int cols = 0, rows = 0;
  try {
    if (x == std::string::npos) throw std::invalid_argument("");
    size_t used = 0;
    cols = std::stoi(text.substr(0, x), &used);
    if (used != x) throw std::invalid_argument("");
    rows = std::stoi(text.substr(x + 1), &used);
    if (used != text.size() - x - 1) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument("--mesh '" + text + "': expected COLSxROWS, e.g. 8x8");
  }
  if (cols < 1 || rows < 1 || cols * rows > 1 << 16)
    throw std::invalid_argument("--mesh '" + text + "': 1 to 65536 routers");
  return {cols, rows};
}

nlohmann::json point_json(double rate, const sim::flit::LatencyBenchResult& r) {
  return {{"rate_flits_per_cycle_per_node", rate},
          {"packet_latency_cycles", r.packet_latency_cycles},
          {"network_latency_cycles", r.network_latency_cycles},
          {"flit_latency_cycles", r.flit_latency_cycles},
          {"accepted_flits_per_cycle_per_node", r.accepted_flits_per_cycle_per_node},
          {"injected_flits_per_cycle_per_node", r.injected_flits_per_cycle_per_node},
          {"hops_average", r.hops_average},
          {"saturated", r.saturated},
          {"packets_measured", r.packets_measured},
          {"simulated_cycles", r.simulated_cycles},
          {"wall_s", r.wall_s}};
}

void plot_curve(const std::string& out, const std::string& title, const std::vector<double>& rates,
                const std::vector<sim::flit::LatencyBenchResult>& results) {
  const traces::TempDir tmp;
  std::ostringstream data;
  for (size_t i = 0; i < results.size(); ++i)
    if (!results[i].saturated)
      data << traces::csv_number(rates[i]) << " " << traces::csv_number(results[i].packet_latency_cycles) << "\n";
  const std::string file = tmp.file("curve.dat");
  traces::write_file(file, data.str());
  traces::render_plot(out, 800, 560,
                      "set grid\nset key top left noenhanced\nset title " + traces::gnuplot_string(title) +
                          " noenhanced\nset xlabel 'offered load (flits/cycle/node)'\nset ylabel 'packet latency "
                          "(cycles)'\nset yrange [0:*]\nplot " +
                          traces::gnuplot_string(file) +
                          " using 1:2 with linespoints pt 7 title 'stable points (saturated points left out)'\n");
}

void run(const Options& o) {
  const auto [cols, rows] = parse_mesh(o.mesh);
  const config::NocConfig noc = config::parse_noc_bench_overrides(config::parse_overrides(o.sets));
  sim::flit::LatencyBenchOptions b;
  b.rows = rows, b.cols = cols, b.traffic = o.traffic, b.hotspots = o.hotspots, b.packet_flits = o.packet_flits;
  b.seed = o.seed, b.rng = o.rng, b.sample_period_cycles = o.sample_period, b.warmup_periods = o.warmup_periods;
  b.max_samples = o.max_samples;
  std::vector<double> rates = o.rates.empty() ? std::vector<double>{0.1} : o.rates;
  if (!o.plot.empty()) traces::check_plot_path(o.plot);  // before the runs, not after them
  std::vector<sim::flit::LatencyBenchResult> results;
  for (double rate : rates) {
    b.rate_flits_per_cycle = rate;
    results.push_back(sim::flit::run_latency_bench(noc, b));
    if (!o.json)
      std::cerr << "rate " << rate << ": " << (results.back().saturated ? "saturated" : "stable") << ", "
                << fixed(results.back().wall_s, 2) << " s\n";
    if (results.back().saturated && !o.all_rates) break;  // every higher rate saturates as well
  }
  rates.resize(results.size());
  const std::string title = o.mesh + " mesh, " + o.traffic + ", " + std::to_string(o.packet_flits) + "-flit packets, " +
                            std::to_string(noc.flit.vcs) + " VCs x " + std::to_string(noc.flit.vc_buffer_flits) +
                            " flits";
  if (!o.plot.empty()) plot_curve(o.plot, title, rates, results);
  if (o.json) {
    nlohmann::json points = nlohmann::json::array();
    for (size_t i = 0; i < results.size(); ++i) points.push_back(point_json(rates[i], results[i]));
    nlohmann::json out = {{"schema", "imcnas.noc-bench.v1"},
                          {"mesh", o.mesh},
                          {"traffic", o.traffic},
                          {"packet_flits", o.packet_flits},
                          {"vcs", noc.flit.vcs},
                          {"vc_buffer_flits", noc.flit.vc_buffer_flits},
                          {"routing", noc.routing},
                          {"seed", o.seed},
                          {"rng", o.rng},
                          {"points", points}};
    if (points.size() == 1) out.update(points[0]);
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << title << "\n";
  TextTable t({"offered (flits/cycle/node)", "packet latency (cycles)", "network latency (cycles)",
               "accepted (flits/cycle/node)", "hops (routers)", "state", "simulated cycles", "wall (s)"});
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    t.add({fixed(rates[i], 3), r.saturated ? "-" : fixed(r.packet_latency_cycles, 2),
           r.saturated ? "-" : fixed(r.network_latency_cycles, 2), fixed(r.accepted_flits_per_cycle_per_node, 4),
           fixed(r.hops_average, 3), r.saturated ? "saturated" : "stable", with_commas(r.simulated_cycles),
           fixed(r.wall_s, 2)});
  }
  t.print(std::cout, 1);
  if (!o.plot.empty()) std::cout << "\nlatency-load plot: " << o.plot << "\n";
}

}  // namespace

void register_noc_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* noc = app.add_subcommand("noc", "the flit-level NoC on its own");
  noc->require_subcommand(1);
  CLI::App* cmd = noc->add_subcommand(
      "bench", "synthetic traffic on a mesh of input-queued VC routers, measured as BookSim 2 does (docs/noc.md)");
  cmd->add_option("--mesh", o->mesh, "COLSxROWS routers, e.g. 8x8");
  cmd->add_option("--traffic", o->traffic,
                  "uniform, transpose, bitcomp, bitrev, shuffle, tornado, neighbor or hotspot (BookSim's definitions)");
  cmd->add_option("--hotspots", o->hotspots, "hotspot traffic's destination nodes (node = column + cols * row)")
      ->delimiter(',');
  cmd->add_option("--rate,--rates", o->rates, "offered load in flits per cycle per node; a list gives a curve")
      ->delimiter(',')
      ->check(CLI::Range(1e-6, 1.0));
  cmd->add_option("--packet-flits", o->packet_flits, "flits per packet")->check(CLI::Range(1, 65536));
  cmd->add_option("--set", o->sets, "noc.KEY=VALUE: a router key (docs/noc.md), e.g. noc.vcs=2");
  cmd->add_option("--seed", o->seed, "random seed of injection and destinations");
  cmd->add_option("--rng", o->rng,
                  "the traffic's random generator: mt19937, or booksim (BookSim 2's, drawn in its order: with "
                  "BookSim's seed, the packets of BookSim's run)");
  cmd->add_option("--sample-period", o->sample_period, "cycles per sample period (BookSim's sample_period)")
      ->check(CLI::Range(1, 100000000));
  cmd->add_option("--warmup-periods", o->warmup_periods, "warm-up sample periods")->check(CLI::Range(1, 1000));
  cmd->add_option("--max-samples", o->max_samples, "sample periods at most, warm-up included")
      ->check(CLI::Range(2, 100000));
  cmd->add_flag("--all-rates", o->all_rates, "keep going past the first saturated rate");
  cmd->add_option("--plot", o->plot, "draw the latency-load curve into FILE.svg, FILE.png or FILE.pdf (gnuplot)");
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->callback([o] { run(*o); });
}

}  // namespace imc::cli
