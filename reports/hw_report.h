// SPDX-License-Identifier: MIT
// A hardware config's summary as JSON (imcnas.hw.v1, docs/json.md), for `hw check --json` and
// the Python module.
#pragma once

#include <nlohmann/json.hpp>

#include "configs/hw_config.h"

namespace imc::reports {

nlohmann::json hw_json(const config::HwConfig& hw);

}  // namespace imc::reports
