// SPDX-License-Identifier: MIT
#include "configs/overrides.h"

#include "configs/config_error.h"

namespace imc::config {

std::vector<Override> parse_overrides(const std::vector<std::string>& args) {
  std::vector<Override> out;
  for (const auto& arg : args) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
      throw ConfigError("--set " + arg + ": expected key.path=value, e.g. --set adc.bits=6");
    }
    for (char c : arg)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        throw ConfigError("--set " + arg.substr(0, arg.find_first_of("\r\n")) +
                          "...: holds a control character (a newline?); a value is one line");
    const std::string key = arg.substr(0, eq);
    if (key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos) {
      throw ConfigError("--set " + arg + ": malformed key path '" + key + "'");
    }
    out.push_back({key, arg.substr(eq + 1), "--set " + arg});
  }
  return out;
}

}  // namespace imc::config
