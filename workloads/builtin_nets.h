// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "configs/builtin_toml.h"

namespace imc::workloads {

/// The network TOMLs of workloads/nets/; defined in the generated builtin_nets.cpp (see
/// workloads/CMakeLists.txt).
const std::vector<config::BuiltinToml>& builtin_nets();

}  // namespace imc::workloads
