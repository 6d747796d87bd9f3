// SPDX-License-Identifier: MIT
// Runs the imcnas binary from the repository root, as a user would.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace imc::test {

struct CliRun {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs `imcnas ARGS`; `env` (e.g. "TMPDIR=/x") is set for that process only.
inline CliRun imcnas(const std::string& args, const std::string& env = "") {
  const std::string cmd =
      "cd '" + std::string(IMCNAS_SOURCE_DIR) + "' && " + env + " '" + IMCNAS_BINARY + "' " + args + " 2>&1";
  CliRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) run.output.append(buf.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace imc::test
