// SPDX-License-Identifier: MIT
// A TOML file embedded at build time (cmake/embed_toml.cmake): built-in networks and hardware
// presets are looked up by name.
#pragma once

namespace imc::config {

struct BuiltinToml {
  const char* name;  ///< file name without .toml
  const char* toml;
};

}  // namespace imc::config
