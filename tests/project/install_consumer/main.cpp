// SPDX-License-Identifier: MIT
// A program outside the project that maps and simulates with an installed imcnas
// (tests/project/install_test.sh builds it with find_package(imcnas) and with pkg-config).
#include <iostream>

#include "configs/hw_config.h"
#include "mapping/cost_model.h"
#include "systemc_models/chip/chip.h"
#include "workloads/library.h"

int sc_main(int, char**) {
  using namespace imc;
  const workloads::Network net = workloads::load_network({"lenet", {}, {}, 256});
  const config::HwConfig hw = config::load_hw_config("mnsim-2024");
  const mapping::Mapping m = mapping::map_network(net, hw);
  sim::Chip& chip = *new sim::Chip("chip", hw, sim::used_tiles(m));  // lives to the process end
  const double latency_ns = chip.run(m).latency_ns;
  std::cout << "lenet on mnsim-2024: simulated latency " << latency_ns << " ns, analytic "
            << mapping::estimate(m).latency_ns << " ns\n";
  return latency_ns > 0 ? 0 : 1;
}
