// SPDX-License-Identifier: MIT
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "configs/hw_config.h"
#include "reports/hw_report.h"

namespace imc::cli {

void register_hw_command(CLI::App& app) {
  CLI::App* hw_cmd = app.add_subcommand("hw", "hardware configurations");
  hw_cmd->require_subcommand(1);

  struct Options {
    std::string path;
    std::vector<std::string> sets;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* check = hw_cmd->add_subcommand("check", "validate a hardware TOML (with overrides) and summarize it");
  check->add_option("HW", opts->path, "hardware TOML, e.g. configs/hw/mnsim-2024.toml")->required();
  check->add_option("--set", opts->sets, "override a key: --set adc.bits=6 (repeatable)");
  check->add_flag("--json", opts->json, "print JSON instead (schema in docs/json.md)");
  check->callback([opts] {
    const config::HwConfig hw = config::load_hw_config(opts->path, config::parse_overrides(opts->sets));
    if (opts->json) {
      std::cout << reports::hw_json(hw).dump(2) << "\n";
      return;
    }
    std::cout << hw.source << ": valid hardware config '" << hw.name << "'\n"
              << "  mesh " << hw.chip.mesh_rows << "x" << hw.chip.mesh_cols << " tiles, " << hw.tile.pes_per_tile
              << " PEs per tile, placement " << hw.chip.placement << "\n"
              << "  crossbar " << hw.crossbar.rows << "x" << hw.crossbar.cols << ", " << hw.crossbar.bits_per_cell
              << " bit(s) per cell\n"
              << "  DAC " << hw.dac.bits << " bits x " << hw.pe.dac_count << ", ADC " << hw.adc.bits << " bits x "
              << hw.pe.adc_count << " per PE\n"
              << "  weights " << hw.quantization.weight_bits << " bits, activations " << hw.quantization.activation_bits
              << " bits\n";
  });
}

}  // namespace imc::cli
