// SPDX-License-Identifier: MIT
// Prices a run's counts with the hardware config's powers and energies, after
// the run: the same counts can be re-costed under another table.
#pragma once

#include "configs/hw_config.h"
#include "mapping/cost_model.h"
#include "systemc_models/common/activity.h"

namespace imc::sim {

class EnergyTable {
 public:
  explicit EnergyTable(const config::HwConfig& hw) : m_hw(hw) {}

  /// Energy of one layer's counts (pJ). Components MNSIM leaves out (NoC, merge
  /// reads, the global accumulator and its buffer) land in noc_pj and accumulator_pj.
  mapping::ComponentEnergy price(const mapping::LayerMapping& layer, const LayerCounters& counts) const;

 private:
  config::HwConfig m_hw;
};

}  // namespace imc::sim
