// SPDX-License-Identifier: MIT
// imcnas: parses the command line and hands over to one subcommand.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <systemc>

#include "cli/commands.h"
#include "cli/torch_plugin.h"
#include "configs/config_error.h"
#include "imcnas_version.h"
#include "mapping/mapping.h"
#include "systemc_models/chip/chip.h"
#include "workloads/network.h"

int sc_main(int argc, char** argv) {
  CLI::App app{"imcnas: hardware-aware neural architecture search for analog in-memory-computing accelerators"};
  app.set_version_flag("--version", "imcnas " IMCNAS_VERSION);
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();  // every --help shows the defaults
  imc::cli::register_net_command(app);
  imc::cli::register_hw_command(app);
  imc::cli::register_map_command(app);
  imc::cli::register_simulate_command(app);
  imc::cli::register_trace_command(app);
  imc::cli::register_bench_command(app);
  imc::cli::register_report_command(app);
  imc::cli::register_sweep_command(app);
  imc::cli::register_noc_command(app);

  try {
    if (argc > 1 && imc::cli::is_torch_command(argv[1]))
      imc::cli::load_torch_commands(app);
    else
      imc::cli::register_torch_command_stubs(app);
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const imc::config::ConfigError& e) {
    std::cerr << "imcnas: config error: " << e.what() << "\n";
    return 1;
  } catch (const imc::mapping::MappingError& e) {
    std::cerr << "imcnas: mapping error: " << e.what() << "\n";
    return 1;
  } catch (const imc::workloads::NetworkError& e) {
    std::cerr << "imcnas: network error: " << e.what() << "\n";
    return 1;
  } catch (const imc::sim::SimulationError& e) {
    std::cerr << "imcnas: simulation error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "imcnas: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// SystemC's library has a main() that prints a banner and calls sc_main(); this one
// switches the banner off first.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
