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

/// Energy of layer `l` for counts `c`. The PE components' counts (crossbar, converters,
/// digital, the PE's buffers) stand for `pe_instances` PEs each: the chip sums over the PEs that
/// worked and passes 1; the analytic model counts one PE of a copy and passes its PEs.
/// Components MNSIM leaves out (NoC, merge reads, the global accumulator and its buffer) land
/// in noc_pj and accumulator_pj.
ComponentEnergy price(const config::HwConfig& hw, const LayerMapping& l, const LayerCounters& c,
                      double pe_instances = 1);

}  // namespace imc::mapping
