// SPDX-License-Identifier: MIT
// Runs the imcnas binary from the repository root, as a user would.
#pragma once

#include <signal.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

/// Starts `PROGRAM ARGS` (a shell command line) in the background with its output in `log`;
/// returns its pid.
inline pid_t start_background(const std::string& command, const std::string& log) {
  const std::string cmd =
      "cd '" + std::string(IMCNAS_SOURCE_DIR) + "' && { " + command + " > '" + log + "' 2>&1 & } && echo $!";
  FILE* pipe = popen(cmd.c_str(), "r");
  char buf[64] = {};
  const size_t n = pipe ? fread(buf, 1, sizeof buf - 1, pipe) : 0;
  if (pipe) pclose(pipe);
  return n ? static_cast<pid_t>(std::stol(buf)) : -1;
}

/// Starts `imcnas ARGS` in the background with its output in `log`; returns its pid.
inline pid_t imcnas_background(const std::string& args, const std::string& log) {
  return start_background("'" + std::string(IMCNAS_BINARY) + "' " + args, log);
}

inline bool alive(pid_t pid) { return ::kill(pid, 0) == 0; }

/// The pids of `parent`'s children (a sweep's or a search's worker processes).
inline std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) continue;
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) out.push_back(static_cast<pid_t>(std::stol(entry.path().filename().string())));
  }
  return out;
}

}  // namespace imc::test
