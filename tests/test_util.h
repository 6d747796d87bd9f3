// SPDX-License-Identifier: MIT
// Helpers shared by the test tree.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace imc::test {

inline std::string source_path(const std::string& relative) { return std::string(IMCNAS_SOURCE_DIR) + "/" + relative; }

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

/// A path under the test temp directory with no SQLite file (nor its -wal and -shm) left there.
inline std::string fresh_db_path(const std::string& name) {
  const std::string path = testing::TempDir() + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

/// Runs `fn` and returns the message of the exception of type E it throws;
/// fails the test if it throws nothing.
template <typename E>
std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return "";
}

}  // namespace imc::test
