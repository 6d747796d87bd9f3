// SPDX-License-Identifier: MIT
// A mapping and its analytic estimate as JSON (imcnas.map.v1, docs/json.md), for `map --json`
// and the Python module.
#pragma once

#include <nlohmann/json.hpp>

#include "mapping/cost_model.h"

namespace imc::reports {

nlohmann::json map_json(const mapping::Mapping& m, const mapping::Estimate& e);

}  // namespace imc::reports
