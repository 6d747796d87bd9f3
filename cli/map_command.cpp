// SPDX-License-Identifier: MIT
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/net_options.h"
#include "cli/placement_plot.h"
#include "cli/table.h"
#include "mapping/cost_model.h"

namespace imc::cli {
namespace {

void print_table(const mapping::Mapping& m, const mapping::Estimate& e) {
  std::cout << "network " << m.network << " on chip " << m.hw.name << " (" << m.hw.source << "), placement "
            << m.hw.chip.placement << ", replication " << m.hw.mapping.replication << "\n\n";
  TextTable t({"layer", "engine", "rows", "cols", "copies", "crossbars", "PEs", "tiles", "util %", "in hops",
               "out hops", "finish (us)"});
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const auto& l = m.layers[i];
    const bool xb = l.engine == mapping::Engine::Crossbar;
    t.add({l.layer.name(), mapping::engine_name(l.engine), xb ? std::to_string(l.xbar.matrix_rows) : "-",
           xb ? std::to_string(l.xbar.matrix_cols) : "-", std::to_string(l.replicas),
           xb ? std::to_string(2 * l.pes) : "-", std::to_string(l.pes), std::to_string(l.tiles),
           xb ? fixed(100 * l.xbar.utilization, 1) : "-", std::to_string(l.in_layer_hops),
           std::to_string(l.trans_layer_hops), fixed(e.layers[i].finish_ns / 1000, 2)});
  }
  t.print(std::cout, 2);
  std::cout << "\ntotals: " << m.tiles << " tiles, " << m.pes << " PEs, " << m.crossbars << " crossbars, "
            << fixed(100 * m.utilization, 1) << " % crossbar utilization\n"
            << "area: " << fixed(e.area_mm2, 2) << " mm2 (" << fixed(e.tile_area_mm2, 4) << " mm2 per tile)\n"
            << "buffers: PE input " << m.pe_input_buffer_bytes << " bytes, tile output " << m.tile_output_buffer_bytes
            << " bytes\n"
            << "analytic latency: " << fixed(e.latency_ns / 1e6, 4) << " ms (one inference, pipelined)\n"
            << "analytic energy (MNSIM-comparable): " << fixed(e.mnsim_energy_pj / 1e9, 4) << " mJ"
            << "  [ADC " << fixed(e.energy.adc_pj / 1e9, 4) << ", buffers " << fixed(e.energy.buffer_pj / 1e9, 4)
            << ", DAC " << fixed(e.energy.dac_pj / 1e9, 5) << ", crossbar " << fixed(e.energy.xbar_pj / 1e9, 5)
            << ", digital " << fixed(e.energy.digital_pj / 1e9, 5) << ", pooling "
            << fixed(e.energy.pooling_pj / 1e9, 5) << " mJ]\n"
            << "analytic energy (all modelled): " << fixed(e.energy.total_pj() / 1e9, 4) << " mJ\n"
            << "average power: " << fixed(e.average_power_mw, 1) << " mW (energy / latency)\n"
            << "sum of layer peak powers: " << fixed(e.sum_of_layer_peak_power_mw, 1)
            << " mW (what MNSIM prints as power)\n";
}

nlohmann::json to_json(const mapping::Mapping& m, const mapping::Estimate& e) {
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const auto& l = m.layers[i];
    nlohmann::json tiles = nlohmann::json::array();
    for (const auto& p : l.tile_pos) tiles.push_back({p.row, p.col});
    nlohmann::json aggregations = nlohmann::json::array();
    for (const auto& p : l.aggregations) aggregations.push_back({p.row, p.col});
    layers.push_back({{"name", l.layer.name()},
                      {"engine", mapping::engine_name(l.engine)},
                      {"matrix_rows", l.xbar.matrix_rows},
                      {"matrix_cols", l.xbar.matrix_cols},
                      {"row_parts", l.xbar.row_parts},
                      {"col_parts", l.xbar.col_parts},
                      {"weight_slices", l.xbar.weight_slices},
                      {"replicas", l.replicas},
                      {"pes", l.pes},
                      {"tiles", l.tiles},
                      {"utilization", l.xbar.utilization},
                      {"tile_positions", tiles},
                      {"aggregation_tiles", aggregations},
                      {"in_layer_hops", l.in_layer_hops},
                      {"trans_layer_hops", l.trans_layer_hops},
                      {"start_ns", e.layers[i].start_ns},
                      {"finish_ns", e.layers[i].finish_ns},
                      {"energy_pj", e.layers[i].energy.total_pj()}});
  }
  return {{"schema", "imcnas.map.v1"},
          {"network", m.network},
          {"hw", m.hw.name},
          {"placement", m.hw.chip.placement},
          {"layers", layers},
          {"tiles", m.tiles},
          {"pes", m.pes},
          {"crossbars", m.crossbars},
          {"utilization", m.utilization},
          {"area_mm2", e.area_mm2},
          {"latency_ns", e.latency_ns},
          {"mnsim_energy_pj", e.mnsim_energy_pj},
          {"energy_pj",
           {{"adc", e.energy.adc_pj},
            {"dac", e.energy.dac_pj},
            {"crossbar", e.energy.xbar_pj},
            {"digital", e.energy.digital_pj},
            {"buffer", e.energy.buffer_pj},
            {"pooling", e.energy.pooling_pj},
            {"accumulator", e.energy.accumulator_pj},
            {"total", e.energy.total_pj()}}},
          {"average_power_mw", e.average_power_mw},
          {"sum_of_layer_peak_power_mw", e.sum_of_layer_peak_power_mw}};
}

}  // namespace

void register_map_command(CLI::App& app) {
  struct Options {
    NetOptions net;
    std::string hw;
    std::vector<std::string> sets;
    bool json = false;
    std::string plot;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("map", "map a network onto the chip and print the analytic cost estimate");
  cmd->add_option("--hw", o->hw, "hardware TOML, e.g. configs/hw/mnsim-2024.toml")->required();
  o->net.add_to(*cmd);
  cmd->add_option("--set", o->sets, "override a hardware key: --set adc.bits=6 (repeatable)");
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->add_option("--plot", o->plot, "draw the placement on the mesh into FILE.svg, FILE.png or FILE.pdf (gnuplot)");
  cmd->callback([o] {
    const config::HwConfig hw = config::load_hw_config(o->hw, config::parse_overrides(o->sets));
    const workloads::Network net = workloads::load_network(o->net.request());
    const mapping::Mapping m = mapping::map_network(net, hw);
    const mapping::Estimate e = mapping::estimate(m);
    if (!o->plot.empty()) plot_placement(m, o->plot);
    if (o->json) {
      std::cout << to_json(m, e).dump(2) << "\n";
    } else {
      print_table(m, e);
      if (!o->plot.empty()) std::cout << "placement plot: " << o->plot << "\n";
    }
  });
}

}  // namespace imc::cli
