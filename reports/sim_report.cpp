// SPDX-License-Identifier: MIT
#include "reports/sim_report.h"

#include "reports/energy_json.h"
#include "reports/text_table.h"
#include "traces/csv_writer.h"

namespace imc::reports {
namespace {

double percent_off(double value, double reference) { return 100.0 * (value - reference) / reference; }

/// Flit mode: the routers with the most buffered flits and the busiest links.
void print_noc_stats(std::ostream& os, const sim::SimResult& r) {
  if (r.routers.empty()) return;
  const size_t shown = 8;
  os << "\nrouters with the most buffered flits (flit mode, " << r.noc_cycles_stepped << " clock cycles stepped, "
     << r.noc_cycles_skipped << " skipped with nothing due):\n";
  TextTable routers({"router", "flits switched", "mean buffered flits", "credit stall cycles"});
  for (size_t i = 0; i < r.routers.size() && i < shown; ++i) {
    const sim::RouterStat& k = r.routers[i];
    routers.add({k.name, std::to_string(k.flits), fixed(k.mean_buffered_flits, 3), std::to_string(k.credit_stalls)});
  }
  routers.print(os, 2);
  if (r.links.empty()) return;
  os << "\nbusiest links:\n";
  TextTable links({"link", "packets", "busy (us)", "utilization (%)"});
  for (size_t i = 0; i < r.links.size() && i < shown; ++i) {
    const sim::ModuleStat& k = r.links[i];
    links.add({k.name, std::to_string(k.uses), fixed(k.busy_ns / 1e3, 2), fixed(100 * k.utilization, 1)});
  }
  links.print(os, 2);
}

}  // namespace

void print_sim_result(std::ostream& os, const sim::SimResult& r, const mapping::Estimate& analytic) {
  os << "simulated " << r.network << " on chip " << r.hw << " (NoC mode " << r.noc_mode << "), batch " << r.batch
     << "\n\n";
  TextTable t({"layer", "engine", "pixels", "start (us)", "finish (us)", "wait input (us)", "wait resource (us)",
               "wait buffer space (us)", "energy (nJ)"});
  for (const sim::LayerResult& l : r.layers)
    t.add({l.name, mapping::engine_name(l.engine), std::to_string(l.pixels), fixed(l.start_ns / 1e3, 2),
           fixed(l.finish_ns / 1e3, 2), fixed(l.wait_input_ns / 1e3, 2), fixed(l.wait_resource_ns / 1e3, 2),
           fixed(l.wait_buffer_ns / 1e3, 2), fixed(l.energy.total_pj() / 1e3, 1)});
  t.print(os, 2);
  os << "\nlatency: " << fixed(r.latency_ns / 1e6, 4) << " ms per inference (analytic "
     << fixed(analytic.latency_ns / 1e6, 4) << " ms, " << fixed(percent_off(r.latency_ns, analytic.latency_ns), 2)
     << " %)\n";
  if (r.batch > 1)
    os << "batch of " << r.batch << ": " << fixed(r.makespan_ns / 1e6, 4) << " ms, steady-state throughput "
       << fixed(r.throughput_inferences_per_s, 1) << " inferences/s\n";
  else
    os << "throughput: " << fixed(r.throughput_inferences_per_s, 1)
       << " inferences/s (one inference; use --batch N for the steady state)\n";
  os << "energy (MNSIM-comparable): " << fixed(r.mnsim_energy_pj / 1e9, 4) << " mJ per inference (analytic "
     << fixed(analytic.mnsim_energy_pj / 1e9, 4) << " mJ)\n"
     << "energy (all modelled, incl. adder trees, NoC, merge reads, accumulator, activation units): "
     << fixed(r.energy.total_pj() / 1e9, 4) << " mJ  [" << energy_parts_text(r.energy) << " mJ]\n"
     << "average power: " << fixed(r.average_power_mw, 1) << " mW (energy / latency)\n"
     << "peak power: " << fixed(r.peak_power_mw, 1) << " mW (most concurrently active layers)\n"
     << "sum of layer peak powers: " << fixed(r.sum_of_layer_peak_power_mw, 1) << " mW (what MNSIM prints as power)\n"
     << "area: " << fixed(r.area_mm2, 2) << " mm2\n"
     << "compute: " << fixed(2.0 * r.macs / 1e9, 3) << " GOP per inference, " << fixed(r.tops, 4) << " TOPS, "
     << fixed(r.tops_per_w, 4) << " TOPS/W\n"
     << "energy-delay product: " << fixed(r.edp_mj_ms, 6) << " mJ*ms\n";
  print_noc_stats(os, r);
}

nlohmann::json sim_result_json(const sim::SimResult& r, const mapping::Estimate& analytic) {
  nlohmann::json layers = nlohmann::json::array();
  for (const sim::LayerResult& l : r.layers) {
    nlohmann::json counts = nlohmann::json::object();
    for (int c = 0; c < sim::kComponentCount; ++c) {
      const sim::ComponentCount& k = l.counters.by_component[static_cast<size_t>(c)];
      if (k.actions == 0 && k.busy_ns == 0 && k.bits == 0) continue;
      counts[sim::component_name(static_cast<sim::Component>(c))] = {
          {"actions", k.actions}, {"busy_ns", k.busy_ns}, {"bits", k.bits}};
    }
    layers.push_back({{"name", l.name},
                      {"engine", mapping::engine_name(l.engine)},
                      {"pixels", l.pixels},
                      {"start_ns", l.start_ns},
                      {"finish_ns", l.finish_ns},
                      {"wait_input_ns", l.wait_input_ns},
                      {"wait_resource_ns", l.wait_resource_ns},
                      {"wait_buffer_ns", l.wait_buffer_ns},
                      {"peak_input_buffer_bytes", l.peak_input_buffer_bytes},
                      {"energy_pj", energy_json(l.energy)},
                      {"peak_power_mw", l.peak_power_mw},
                      {"counts", counts}});
  }
  nlohmann::json modules = nlohmann::json::array();
  for (const sim::ModuleStat& m : r.modules)
    modules.push_back({{"name", m.name}, {"busy_ns", m.busy_ns}, {"uses", m.uses}, {"utilization", m.utilization}});
  nlohmann::json routers = nlohmann::json::array();
  for (const sim::RouterStat& k : r.routers)
    routers.push_back({{"name", k.name},
                       {"flits", k.flits},
                       {"mean_buffered_flits", k.mean_buffered_flits},
                       {"credit_stalls", k.credit_stalls}});
  return {{"schema", "imcnas.sim.v1"},
          {"network", r.network},
          {"hw", r.hw},
          {"noc_mode", r.noc_mode},
          {"batch", r.batch},
          {"latency_ns", r.latency_ns},
          {"analytic_latency_ns", analytic.latency_ns},
          {"makespan_ns", r.makespan_ns},
          {"throughput_inferences_per_s", r.throughput_inferences_per_s},
          {"mnsim_energy_pj", r.mnsim_energy_pj},
          {"analytic_mnsim_energy_pj", analytic.mnsim_energy_pj},
          {"energy_pj", energy_json(r.energy)},
          {"average_power_mw", r.average_power_mw},
          {"peak_power_mw", r.peak_power_mw},
          {"sum_of_layer_peak_power_mw", r.sum_of_layer_peak_power_mw},
          {"area_mm2", r.area_mm2},
          {"macs", r.macs},
          {"tops", r.tops},
          {"tops_per_w", r.tops_per_w},
          {"edp_mj_ms", r.edp_mj_ms},
          {"delta_cycles", r.delta_cycles},
          {"layers", layers},
          {"modules", modules},
          {"routers", routers},
          {"noc_cycles_stepped", r.noc_cycles_stepped},
          {"noc_cycles_skipped", r.noc_cycles_skipped}};
}

void write_stats_csv(const std::string& dir, const sim::SimResult& r) {
  traces::CsvTable layers;
  layers.comments = {
      "imcnas per-layer statistics, schema imcnas.layers.v1",
      "network " + r.network + ", chip " + r.hw + ", NoC mode " + r.noc_mode + ", batch " + std::to_string(r.batch),
      "times in ns from the start of the run; energy in pJ per inference; busy_ns summed over "
      "component instances; actions are reads, conversions, word accesses, packets, adds"};
  layers.header = {"layer",         "engine",           "pixels",         "start_ns",  "finish_ns",
                   "wait_input_ns", "wait_resource_ns", "wait_buffer_ns", "energy_pj", "mnsim_energy_pj"};
  for (int c = 0; c < sim::kComponentCount; ++c) {
    const std::string n = sim::component_name(static_cast<sim::Component>(c));
    layers.header.insert(layers.header.end(), {n + "_actions", n + "_busy_ns", n + "_bits"});
  }
  for (const sim::LayerResult& l : r.layers) {
    std::vector<std::string> row = {l.name,
                                    mapping::engine_name(l.engine),
                                    std::to_string(l.pixels),
                                    fixed(l.start_ns, 3),
                                    fixed(l.finish_ns, 3),
                                    fixed(l.wait_input_ns, 3),
                                    fixed(l.wait_resource_ns, 3),
                                    fixed(l.wait_buffer_ns, 3),
                                    fixed(l.energy.total_pj(), 3),
                                    fixed(l.energy.mnsim_comparable_pj(), 3)};
    for (const sim::ComponentCount& k : l.counters.by_component)
      row.insert(row.end(), {std::to_string(k.actions), fixed(k.busy_ns, 3), fixed(k.bits, 1)});
    layers.rows.push_back(row);
  }
  traces::write_csv(dir + "/layers.csv", layers);

  traces::CsvTable modules;
  modules.comments = {"imcnas per-module statistics, schema imcnas.modules.v1",
                      "network " + r.network + ", chip " + r.hw + ", NoC mode " + r.noc_mode,
                      "busy_ns: time the module (port, adder, link) was reserved; utilization = busy / run time; "
                      "uses: accesses or packets"};
  modules.header = {"module", "busy_ns", "uses", "utilization"};
  for (const sim::ModuleStat& m : r.modules)
    modules.rows.push_back({m.name, fixed(m.busy_ns, 3), std::to_string(m.uses), fixed(m.utilization, 6)});
  traces::write_csv(dir + "/modules.csv", modules);
}

}  // namespace imc::reports
