// SPDX-License-Identifier: MIT
// Hardware presets: configs/hw/*.toml embedded at build time, so that a preset's name works
// wherever a hardware TOML path does (`--hw mnsim-2024`).
#pragma once

#include <string>
#include <vector>

#include "configs/builtin_configs.h"

namespace imc::config {

/// configs/hw/*.toml; defined in the generated builtin_hw.cpp (see configs/CMakeLists.txt).
const std::vector<BuiltinToml>& hw_presets();

/// The names, sorted: edge-small, isaac-like, mnsim-2024.
std::vector<std::string> hw_preset_names();

/// True for a path that names a TOML file (ends in ".toml").
bool is_toml_path(const std::string& path);

/// A hardware config's text and the name errors give it: a preset's for a preset name, else
/// the file's. A name that is neither a preset nor a path (no '/', no .toml) is a ConfigError
/// listing the presets.
using HwConfigText = ConfigText;
HwConfigText read_hw_config_source(const std::string& path_or_preset);

}  // namespace imc::config
