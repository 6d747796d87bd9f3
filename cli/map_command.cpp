// SPDX-License-Identifier: MIT
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/net_options.h"
#include "cli/placement_plot.h"
#include "cli/table.h"
#include "mapping/buffer_fit.h"
#include "mapping/cost_model.h"
#include "reports/map_report.h"

namespace imc::cli {
namespace {

void print_table(const mapping::Mapping& m, const mapping::Estimate& e) {
  std::cout << "network " << m.network << " on chip " << m.hw.name << " (" << m.hw.source << "), placement "
            << m.hw.chip.placement << ", replication " << m.hw.mapping.replication << "\n\n";
  TextTable t({"layer", "engine", "rows", "cols", "sets", "copies", "crossbars", "PEs", "tiles", "util %", "in hops",
               "out hops", "finish (us)"});
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const auto& l = m.layers[i];
    const bool xb = l.engine == mapping::Engine::Crossbar;
    t.add({l.layer.name(), mapping::engine_name(l.engine), xb ? std::to_string(l.xbar.matrix_rows) : "-",
           xb ? std::to_string(l.xbar.matrix_cols) : "-", xb ? std::to_string(l.xbar.sets) : "-",
           std::to_string(l.replicas), xb ? std::to_string(2 * l.pes) : "-", std::to_string(l.pes),
           std::to_string(l.tiles), xb ? fixed(100 * l.xbar.utilization, 1) : "-", std::to_string(l.in_layer_hops),
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

/// Raises hw's buffers to what `net` needs; one line per key raised ("key = new (was old)").
std::vector<std::string> fit_buffers(const workloads::Network& net, config::HwConfig& hw) {
  const config::BufferConfig fitted = mapping::fitting_buffers(net, hw);
  std::vector<std::string> raised;
  for (const auto& [key, field] : {std::pair{"buffer.pe_line_bytes", &config::BufferConfig::pe_line_bytes},
                                   std::pair{"buffer.tile_input_bytes", &config::BufferConfig::tile_input_bytes},
                                   std::pair{"buffer.tile_output_bytes", &config::BufferConfig::tile_output_bytes}})
    if (fitted.*field > hw.buffer.*field)
      raised.push_back(std::string(key) + " = " + std::to_string(static_cast<long>(fitted.*field)) + " (was " +
                       std::to_string(static_cast<long>(hw.buffer.*field)) + ")");
  hw.buffer = fitted;
  return raised;
}

}  // namespace

void register_map_command(CLI::App& app) {
  struct Options {
    NetOptions net;
    std::string hw;
    std::vector<std::string> sets;
    bool json = false;
    std::string plot;
    bool fit_buffers = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("map", "map a network onto the chip and print the analytic cost estimate");
  cmd->add_option("--hw", o->hw, "hardware TOML, e.g. configs/hw/mnsim-2024.toml")->required();
  o->net.add_to(*cmd);
  cmd->add_option("--set", o->sets, "override a hardware key: --set adc.bits=6 (repeatable)");
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->add_flag("--fit-buffers", o->fit_buffers,
                "raise buffer sizes that are too small for this network to the smallest that work, say which, "
                "and map with them");
  cmd->add_option("--plot", o->plot, "draw the placement on the mesh into FILE.svg, FILE.png or FILE.pdf (gnuplot)");
  cmd->callback([o] {
    config::HwConfig hw = config::load_hw_config(o->hw, config::parse_overrides(o->sets));
    const workloads::Network net = workloads::load_network(o->net.request());
    std::vector<std::string> raised;
    if (o->fit_buffers) raised = fit_buffers(net, hw);
    const mapping::Mapping m = mapping::map_network(net, hw);
    const mapping::Estimate e = mapping::estimate(m);
    if (!o->plot.empty()) plot_placement(m, o->plot);
    if (o->json) {
      nlohmann::json j = reports::map_json(m, e);
      if (o->fit_buffers) j["fitted_buffers"] = raised;
      std::cout << j.dump(2) << "\n";
    } else {
      for (const std::string& line : raised) std::cout << "fit-buffers: " << line << "\n";
      if (o->fit_buffers && raised.empty()) std::cout << "fit-buffers: every buffer already fits\n";
      if (!raised.empty()) std::cout << "\n";
      print_table(m, e);
      if (!o->plot.empty()) std::cout << "placement plot: " << o->plot << "\n";
    }
  });
}

}  // namespace imc::cli
