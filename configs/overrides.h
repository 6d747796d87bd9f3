// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace imc::config {

/// One `--set key.path=value` from the command line. The value is TOML text
/// (`6`, `true`, `"spiral"`); a bare word that is not valid TOML is taken as a string.
struct Override {
  std::string key_path;
  std::string value_text;
  std::string origin;  ///< the argument as the user typed it, for error messages
};

/// Splits each `key.path=value`; throws ConfigError on a malformed argument.
std::vector<Override> parse_overrides(const std::vector<std::string>& args);

}  // namespace imc::config
