// SPDX-License-Identifier: MIT
#include "configs/builtin_configs.h"

#include "configs/config_error.h"
#include "configs/detail/table_reader.h"
#include "configs/hw_presets.h"

namespace imc::config {

std::vector<std::string> shipped_names(const std::vector<BuiltinToml>& builtins) {
  std::vector<std::string> names;
  for (const BuiltinToml& b : builtins) names.emplace_back(b.name);
  return names;
}

ConfigText read_builtin_or_file(const std::string& path_or_name, const std::vector<BuiltinToml>& builtins,
                                const std::string& dir, const std::string& what) {
  for (const BuiltinToml& b : builtins) {
    if (path_or_name == b.name) return {b.toml, dir + "/" + b.name + ".toml (built in)"};
  }
  if (path_or_name.find('/') == std::string::npos && !is_toml_path(path_or_name)) {
    std::string names;
    for (const std::string& n : shipped_names(builtins)) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError(what + " '" + path_or_name + "': not a preset (" + names + ") or a .toml path");
  }
  return {detail::read_text_file(path_or_name), path_or_name};
}

}  // namespace imc::config
