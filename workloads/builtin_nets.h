// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

namespace imc::workloads {

/// A network TOML from workloads/nets/, embedded at build time.
struct BuiltinNet {
  const char* name;  ///< file name without .toml
  const char* toml;
};

/// Defined in the generated builtin_nets.cpp (see workloads/CMakeLists.txt).
const std::vector<BuiltinNet>& builtin_nets();

}  // namespace imc::workloads
