// SPDX-License-Identifier: MIT
// What the report shows of one router after a flit-mode run (plain data, no SystemC).
#pragma once

#include <cstdint>
#include <string>

namespace imc::sim {

/// One router's share of a flit-mode run (the report's router table).
struct RouterStat {
  std::string name;                ///< NOC.router_ROW_COL
  uint64_t flits = 0;              ///< flits its crossbar switched
  double mean_buffered_flits = 0;  ///< its input buffers' occupancy, averaged over the run's cycles
  uint64_t credit_stalls = 0;      ///< cycles a VC with a flit waited for a credit
  uint64_t occupancy_flit_cycles = 0;
};

}  // namespace imc::sim
