// SPDX-License-Identifier: MIT
// Turns what a user types for NET into a network: a TOML or ONNX path, a built-in
// name, or the paper's block notation "blocks:VGG/32,RES/64".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "configs/net_spec.h"
#include "workloads/net_weights.h"
#include "workloads/network.h"

namespace imc::workloads {

struct NetRequest {
  std::string net;             ///< .toml or .onnx path, built-in name, or "blocks:..."
  std::optional<Shape> input;  ///< replaces the input layer's shape
  std::optional<int> classes;  ///< replaces the output layer's width
  int head_hidden = 256;       ///< hidden width of the block head
};

/// Built-in names, sorted: alexnet, lenet, modela, nacim, resnet18, vgg16, vgg8.
std::vector<std::string> builtin_net_names();

/// The spec for a request and the weights its file holds (an ONNX file's initializers; none
/// for the others), read once. Throws config::ConfigError or NetworkError.
struct ResolvedNet {
  config::NetSpec spec;
  NetWeights weights;
};
ResolvedNet resolve_net(const NetRequest& request);

/// resolve_net without the weights.
config::NetSpec resolve_net_spec(const NetRequest& request);

/// resolve_net_spec + Network::build.
Network load_network(const NetRequest& request);

}  // namespace imc::workloads
