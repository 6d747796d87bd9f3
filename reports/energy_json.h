// SPDX-License-Identifier: MIT
// A layer's or a network's energy by part, as `map --json`, `simulate --json` and the terminal
// reports print it (docs/json.md): the parts of ComponentEnergy::parts() and the total.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mapping/cost_model.h"

namespace imc::reports {

nlohmann::json energy_json(const mapping::ComponentEnergy& e);

/// "adc 0.1234, dac 0.00012, ..." in mJ, for the one-line summaries.
std::string energy_parts_text(const mapping::ComponentEnergy& e);

}  // namespace imc::reports
