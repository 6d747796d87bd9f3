// SPDX-License-Identifier: MIT
// The NET argument and its --input/--classes options, shared by subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "workloads/library.h"

namespace imc::cli {

struct NetOptions {
  std::string net;
  std::string input;  ///< "HxWxC" or empty
  int classes = 0;    ///< 0: keep the network's own
  int head_hidden = 256;

  /// Adds NET (positional), --input, --classes, --head-hidden to a subcommand.
  void add_to(CLI::App& cmd);
  /// The request for workloads::load_network. Throws std::invalid_argument on a bad --input.
  workloads::NetRequest request() const;
};

}  // namespace imc::cli
