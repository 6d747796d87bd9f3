// SPDX-License-Identifier: MIT
// The shipped search and sweep configs (configs/search/*.toml, configs/sweeps/*.toml) embedded
// at build time, so `imcnas search quickstart` works from any directory, as `--hw mnsim-2024`
// does for the hardware presets.
#pragma once

#include <string>
#include <vector>

#include "configs/builtin_toml.h"

namespace imc::config {

/// configs/search/*.toml and configs/sweeps/*.toml; defined in generated files (configs/CMakeLists.txt).
const std::vector<BuiltinToml>& search_presets();
const std::vector<BuiltinToml>& sweep_presets();

/// The built-ins' names, in order.
std::vector<std::string> shipped_names(const std::vector<BuiltinToml>& builtins);

/// A config's text and the name errors give it.
struct ConfigText {
  std::string text;
  std::string source;
};

/// The text of `path_or_name`: a built-in's (one of `builtins`, shipped as `dir`/NAME.toml) for
/// its name, else the file's. A name that is neither a built-in nor a path (no '/', no .toml)
/// is a ConfigError naming `what` and listing the built-ins ("not a preset (...)").
ConfigText read_builtin_or_file(const std::string& path_or_name, const std::vector<BuiltinToml>& builtins,
                                const std::string& dir, const std::string& what);

}  // namespace imc::config
