// SPDX-License-Identifier: MIT
#include "configs/hw_presets.h"

#include "configs/builtin_configs.h"

namespace imc::config {

std::vector<std::string> hw_preset_names() {
  return shipped_names(hw_presets());  // sorted: the generator lists the files in order
}

bool is_toml_path(const std::string& path) { return path.size() > 5 && path.compare(path.size() - 5, 5, ".toml") == 0; }

HwConfigText read_hw_config_source(const std::string& path_or_preset) {
  return read_builtin_or_file(path_or_preset, hw_presets(), "configs/hw", "hardware");
}

}  // namespace imc::config
