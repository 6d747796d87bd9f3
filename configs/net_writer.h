// SPDX-License-Identifier: MIT
// Writes a network spec as a network TOML that load_net_file reads back to the same spec
// (docs/network-format.md).
#pragma once

#include <string>

#include "configs/net_spec.h"

namespace imc::config {

/// The TOML text: name, then one [[layer]] per layer with only the keys that differ from
/// their defaults.
std::string net_spec_toml(const NetSpec& net);

}  // namespace imc::config
