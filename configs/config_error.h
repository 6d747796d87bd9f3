// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>

namespace imc::config {

/// A configuration or input-file error. The message already names the file,
/// line, column and key path, so callers print what() as is.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace imc::config
