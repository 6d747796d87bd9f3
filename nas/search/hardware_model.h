// SPDX-License-Identifier: MIT
// The hardware half of a trial: map the network onto the trial's hardware point and run
// it on the SystemC model, elaborated once for the whole study (docs/search.md).
#pragma once

#include <optional>
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
  /// Takes the process's chip (process_chip.h), elaborated for `hw` if it is the first.
  HardwareModel(const config::HwConfig& hw, int batch);
  /// Why the chip cannot run `point` (another mesh, larger tiles), or nothing.
  std::optional<std::string> cannot_run(const config::HwConfig& point) const;

  /// Maps onto `point` (a hardware point with this chip's mesh) and simulates on the chip, which
  /// takes the point's timing, energy and capacities; returns the hardware metrics
  /// (config::search_metric_names()). Throws mapping::MappingError when the network does not
  /// fit, and sim::SimulationError when the run cannot finish or the point needs another mesh.
  Metrics evaluate(const workloads::Network& net, const config::HwConfig& point, HardwareTimes& times);

 private:
  int m_batch;
  sim::Chip* m_chip;  ///< the process's chip
};

}  // namespace imc::nas
