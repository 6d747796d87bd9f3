// SPDX-License-Identifier: MIT
// The hardware half of a trial: map the network onto the chip and run it on the
// SystemC model, elaborated once for the whole study.
#pragma once

#include <string>

#include "configs/hw_config.h"
#include "nas/objectives/objectives.h"
#include "workloads/network.h"

namespace imc::sim {
class Chip;
}

namespace imc::nas {

struct HardwareTimes {
  double map_s = 0;
  double simulate_s = 0;
};

class HardwareModel {
 public:
  /// Elaborates the whole chip of `hw` (one per process: SystemC elaborates once).
  HardwareModel(const config::HwConfig& hw, int batch);
  const config::HwConfig& hw() const { return m_hw; }

  /// Maps and simulates; returns the hardware metrics (config::search_metric_names()).
  /// Throws mapping::MappingError when the network does not fit the chip, and
  /// sim::SimulationError when the run cannot finish.
  Metrics evaluate(const workloads::Network& net, HardwareTimes& times);

 private:
  config::HwConfig m_hw;
  int m_batch;
  sim::Chip* m_chip;  ///< lives to the end of the process: SystemC 2.3 tears down in quadratic time
};

}  // namespace imc::nas
