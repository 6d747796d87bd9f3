// SPDX-License-Identifier: MIT
#include "cli/net_options.h"

namespace imc::cli {

void NetOptions::add_to(CLI::App& cmd) {
  std::string builtins;
  for (const std::string& n : workloads::builtin_net_names()) builtins += (builtins.empty() ? "" : ", ") + n;
  cmd.add_option("NET", net,
                 "network: a .toml or .onnx path, a built-in name (" + builtins +
                     "), or blocks:TYPE/K,... (e.g. blocks:VGG/32,VGG/32,RES/32)")
      ->required();
  cmd.add_option("--input", input, "input shape HxWxC, e.g. 28x28x1 (default: the network's own; 32x32x3 for blocks:)");
  cmd.add_option("--classes", classes, "number of classes (default: the network's own; 10 for blocks:)")
      ->check(CLI::Range(1, 1 << 20));
  cmd.add_option("--head-hidden", head_hidden, "hidden width of the FC head of blocks: networks")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
}

workloads::NetRequest NetOptions::request() const {
  workloads::NetRequest r;
  r.net = net;
  if (!input.empty()) r.input = workloads::parse_shape(input);
  if (classes > 0) r.classes = classes;
  r.head_hidden = head_hidden;
  return r;
}

}  // namespace imc::cli
