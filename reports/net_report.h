// SPDX-License-Identifier: MIT
// A network as JSON (imcnas.net.v1, docs/json.md), for `net show --json` and the Python module.
#pragma once

#include <nlohmann/json.hpp>

#include "workloads/network.h"

namespace imc::reports {

nlohmann::json net_json(const workloads::Network& net);

}  // namespace imc::reports
