// SPDX-License-Identifier: MIT
#include "configs/hw_presets.h"

#include "configs/config_error.h"
#include "configs/detail/table_reader.h"

namespace imc::config {

std::vector<std::string> hw_preset_names() {
  std::vector<std::string> names;
  for (const BuiltinToml& p : hw_presets()) names.emplace_back(p.name);
  return names;  // sorted: the generator lists the files in order
}

bool is_toml_path(const std::string& path) { return path.size() > 5 && path.compare(path.size() - 5, 5, ".toml") == 0; }

HwConfigText read_hw_config_source(const std::string& path_or_preset) {
  for (const BuiltinToml& p : hw_presets()) {
    if (path_or_preset == p.name) return {p.toml, std::string("configs/hw/") + p.name + ".toml (built in)"};
  }
  const bool is_path =
      path_or_preset.find('/') != std::string::npos ||
      (path_or_preset.size() > 5 && path_or_preset.compare(path_or_preset.size() - 5, 5, ".toml") == 0);
  if (!is_path) {
    std::string names;
    for (const std::string& n : hw_preset_names()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError("hardware '" + path_or_preset + "': not a preset (" + names + ") or a .toml path");
  }
  return {detail::read_text_file(path_or_preset), path_or_preset};
}

}  // namespace imc::config
