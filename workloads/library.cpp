// SPDX-License-Identifier: MIT
#include "workloads/library.h"

#include <algorithm>
#include <utility>

#include "configs/config_error.h"
#include "workloads/blocks.h"
#include "workloads/builtin_nets.h"
#include "workloads/onnx_import.h"

namespace imc::workloads {
namespace {

constexpr const char* kBlocksPrefix = "blocks:";
// The paper's best CIFAR-10 accuracy/latency model, named "Model A" in the MNSIM reference.
constexpr const char* kModelA = "VGG/32,VGG/32,RES/32";

config::NetSpec builtin_spec(const std::string& name) {
  for (const config::BuiltinToml& b : builtin_nets()) {
    if (name == b.name) return config::parse_net_text(b.toml, std::string("workloads/nets/") + b.name + ".toml");
  }
  throw NetworkError("no built-in network '" + name + "'");
}

bool is_builtin(const std::string& name) {
  const auto names = builtin_net_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

void apply_input_and_classes(config::NetSpec& spec, const NetRequest& request) {
  if (request.input) {
    for (config::LayerSpec& l : spec.layers) {
      if (l.kind != config::LayerKind::Input) continue;
      l.height = request.input->height;
      l.width = request.input->width;
      l.channels = request.input->channels;
    }
  }
  if (request.classes) {
    if (*request.classes < 1) throw NetworkError("--classes must be at least 1");
    config::LayerSpec& last = spec.layers.back();
    if (last.kind != config::LayerKind::Linear) {
      throw NetworkError(last.origin + ": --classes needs the last layer to be linear, but '" + last.name + "' is " +
                         config::layer_kind_name(last.kind));
    }
    last.out_channels = *request.classes;
  }
}

}  // namespace

std::vector<std::string> builtin_net_names() {
  std::vector<std::string> names{"modela"};
  for (const config::BuiltinToml& b : builtin_nets()) names.emplace_back(b.name);
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

ResolvedNet resolve(const NetRequest& request, OnnxWeights onnx_weights) {
  const std::string& arg = request.net;
  config::NetSpec spec;
  NetWeights weights;
  if (arg.rfind(kBlocksPrefix, 0) == 0 || arg == "modela") {
    const std::string notation = arg == "modela" ? kModelA : arg.substr(std::string(kBlocksPrefix).size());
    std::vector<Block> blocks;
    try {
      blocks = parse_blocks(notation);
    } catch (const std::invalid_argument& e) {
      throw NetworkError(std::string(kBlocksPrefix) + notation + ": " + e.what());
    }
    Head head;
    head.hidden = request.head_hidden;
    spec = build_block_net(blocks, Shape{32, 32, 3, false}, head);
    if (arg == "modela") spec.name = "modela";
  } else if (is_onnx_path(arg)) {
    OnnxNet onnx = import_onnx_file(arg, request.input, onnx_weights);  // read once: the spec and its weights
    spec = std::move(onnx.spec);
    weights = std::move(onnx.weights);
  } else if (is_builtin(arg)) {
    spec = builtin_spec(arg);
  } else if (arg.find(".toml") != std::string::npos || arg.find('/') != std::string::npos) {
    spec = config::load_net_file(arg);
  } else {
    std::string names;
    for (const auto& n : builtin_net_names()) names += (names.empty() ? "" : ", ") + n;
    throw NetworkError("network '" + arg + "': not a built-in name (" + names +
                       "), a .toml or .onnx path, or blocks:TYPE/K,... notation");
  }
  apply_input_and_classes(spec, request);
  return {std::move(spec), std::move(weights)};
}

}  // namespace

ResolvedNet resolve_net(const NetRequest& request) { return resolve(request, OnnxWeights::Read); }

config::NetSpec resolve_net_spec(const NetRequest& request) { return resolve(request, OnnxWeights::Skip).spec; }

Network load_network(const NetRequest& request) { return Network::build(resolve_net_spec(request)); }

}  // namespace imc::workloads
