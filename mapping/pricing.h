// SPDX-License-Identifier: MIT
// The one pricing of counts: a layer's component counts (actions.h) times the config's powers
// and energies (mW x ns = pJ, pJ/bit x bits). The analytic model and the SystemC chip both
// price here, so the two can differ only in what they count.
#pragma once

#include "configs/hw_config.h"
#include "mapping/actions.h"
#include "mapping/cost_model.h"
#include "mapping/mapping.h"

namespace imc::mapping {

/// The flit-level routers' energy of `a` (noc.mode = "flit"), from the per-action table.
double flit_energy_pj(const config::FlitRouterConfig& f, const FlitActions& a);

/// Energy of layer `l` for counts `c`, each summed over the instances that worked (two PEs busy
/// for 10 ns count 20 ns). Components MNSIM leaves out (the tiles' adder trees, the NoC, merge
/// reads, the global accumulator and its buffer) land in adder_pj, noc_pj and accumulator_pj.
ComponentEnergy price(const config::HwConfig& hw, const LayerMapping& l, const LayerCounters& c);

}  // namespace imc::mapping
