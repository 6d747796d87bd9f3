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

/// An error about one key, which callers can tell by its path.
class KeyError : public ConfigError {
 public:
  KeyError(const std::string& message, std::string key_path) : ConfigError(message), m_key_path(std::move(key_path)) {}
  const std::string& key_path() const { return m_key_path; }

 private:
  std::string m_key_path;
};

/// A key the schema does not know (a typo, or an override of a key that does not exist).
class UnknownKeyError : public KeyError {
 public:
  using KeyError::KeyError;
};

/// A value that is wrong on its own: of the wrong kind, outside its key's range, or not one of
/// its choices (as opposed to a value that only clashes with another key).
class InvalidValueError : public KeyError {
 public:
  using KeyError::KeyError;
};

}  // namespace imc::config
