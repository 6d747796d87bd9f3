// SPDX-License-Identifier: MIT
#include "workloads/blocks.h"

#include <sstream>
#include <stdexcept>

#include "configs/policy_names.h"
#include "configs/registry.h"

namespace imc::workloads {
namespace {

using config::LayerKind;
using config::LayerSpec;

LayerSpec layer(const std::string& name, LayerKind kind, const std::string& input) {
  LayerSpec l;
  l.name = name;
  l.kind = kind;
  l.inputs = {input};
  l.origin = "block builder";
  return l;
}

LayerSpec conv(const std::string& name, const std::string& input, int out, int kernel, int padding, bool bias) {
  LayerSpec l = layer(name, LayerKind::Conv2d, input);
  l.out_channels = out;
  l.kernel = kernel;
  l.padding = config::Padding::uniform(padding);
  l.bias = bias;
  return l;
}

}  // namespace

const char* block_type_name(BlockType type) {
  switch (type) {
#define IMC_BLOCK_TYPE(name) \
  case BlockType::name:      \
    return #name;
#include "configs/policies/block_types.def"
#undef IMC_BLOCK_TYPE
  }
  return "?";
}

std::optional<BlockType> block_type_from_name(const std::string& name) {
#define IMC_BLOCK_TYPE(type) \
  if (name == #type) return BlockType::type;
#include "configs/policies/block_types.def"
#undef IMC_BLOCK_TYPE
  return std::nullopt;
}

std::vector<Block> parse_blocks(const std::string& text) {
  std::vector<Block> blocks;
  if (!text.empty() && (text.back() == ',' || text.front() == ',' || text.find(",,") != std::string::npos))
    throw std::invalid_argument("blocks '" + text + "': an empty block between commas; expected TYPE/K,TYPE/K,...");
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    const auto slash = item.find('/');
    const std::optional<BlockType> type = block_type_from_name(item.substr(0, slash));
    if (!type)
      throw std::invalid_argument("block '" + item + "': type must be one of " +
                                  config::joined_names(config::block_type_names()) + ", as in VGG/32");
    Block b;
    b.type = *type;
    try {
      size_t used = 0;
      const std::string k = slash == std::string::npos ? "" : item.substr(slash + 1);
      b.kernels = std::stoi(k, &used);
      if (used != k.size() || b.kernels < 1) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw std::invalid_argument("block '" + item + "': expected TYPE/K with a positive integer K, as in VGG/32");
    }
    blocks.push_back(b);
  }
  if (blocks.empty()) throw std::invalid_argument("blocks: expected at least one block, as in VGG/32,RES/64");
  return blocks;
}

std::string blocks_notation(const std::vector<Block>& blocks) {
  std::string out;
  for (const Block& b : blocks) {
    out += (out.empty() ? "" : ",") + std::string(block_type_name(b.type)) + "/" + std::to_string(b.kernels);
  }
  return out;
}

std::string append_block(config::NetSpec& net, const std::string& from, int in_channels, const Block& block,
                         int index) {
  const std::string p = "b" + std::to_string(index) + "_";
  const int k = block.kernels;
  auto& L = net.layers;
  if (block.type == BlockType::DWS) {
    // 3x3 depthwise conv-BN-ReLU, then 1x1 pointwise conv-BN-ReLU (Howard et al., MobileNets, 2017, Fig. 3).
    LayerSpec depthwise = conv(p + "dw", from, in_channels, 3, 1, false);
    depthwise.groups = in_channels;
    L.push_back(depthwise);
    L.push_back(layer(p + "bn1", LayerKind::BatchNorm, p + "dw"));
    L.push_back(layer(p + "relu1", LayerKind::Relu, p + "bn1"));
    L.push_back(conv(p + "pw", p + "relu1", k, 1, 0, false));
    L.push_back(layer(p + "bn2", LayerKind::BatchNorm, p + "pw"));
    L.push_back(layer(p + "relu2", LayerKind::Relu, p + "bn2"));
    return p + "relu2";
  }
  if (block.type == BlockType::RES) {
    // conv-BN-ReLU-conv-BN, plus a 1x1 conv shortcut, element-sum, ReLU (Fig. 3c).
    L.push_back(conv(p + "conv1", from, k, 3, 1, false));
    L.push_back(layer(p + "bn1", LayerKind::BatchNorm, p + "conv1"));
    L.push_back(layer(p + "relu1", LayerKind::Relu, p + "bn1"));
    L.push_back(conv(p + "conv2", p + "relu1", k, 3, 1, false));
    L.push_back(layer(p + "bn2", LayerKind::BatchNorm, p + "conv2"));
    L.push_back(conv(p + "shortcut", from, k, 1, 0, true));
    LayerSpec add = layer(p + "add", LayerKind::Add, p + "bn2");
    add.inputs.push_back(p + "shortcut");
    L.push_back(add);
    L.push_back(layer(p + "relu2", LayerKind::Relu, p + "add"));
    return p + "relu2";
  }
  // VGG / MVGG: two 3x3 convs, each followed by ReLU; VGG ends in a 2x2 max pool (Fig. 3a, 3b).
  L.push_back(conv(p + "conv1", from, k, 3, 1, true));
  L.push_back(layer(p + "relu1", LayerKind::Relu, p + "conv1"));
  L.push_back(conv(p + "conv2", p + "relu1", k, 3, 1, true));
  L.push_back(layer(p + "relu2", LayerKind::Relu, p + "conv2"));
  if (block.type == BlockType::MVGG) return p + "relu2";
  LayerSpec pool = layer(p + "pool", LayerKind::MaxPool, p + "relu2");
  pool.kernel = 2;
  pool.stride = 2;
  L.push_back(pool);
  return p + "pool";
}

void append_head(config::NetSpec& net, const std::string& from, const Head& head) {
  auto& L = net.layers;
  L.push_back(layer("flatten", LayerKind::Flatten, from));
  LayerSpec fc1 = layer("fc1", LayerKind::Linear, "flatten");
  fc1.out_channels = head.hidden;
  L.push_back(fc1);
  LayerSpec drop = layer("dropout", LayerKind::Dropout, "fc1");
  drop.dropout_p = head.dropout_p;
  L.push_back(drop);
  L.push_back(layer("relu_fc1", LayerKind::Relu, "dropout"));
  LayerSpec fc2 = layer("fc2", LayerKind::Linear, "relu_fc1");
  fc2.out_channels = head.classes;
  L.push_back(fc2);
}

config::LayerSpec input_layer(const Shape& shape, const std::string& origin) {
  LayerSpec in;
  in.name = "input";
  in.kind = LayerKind::Input;
  in.height = shape.height;
  in.width = shape.width;
  in.channels = shape.channels;
  in.origin = origin;
  return in;
}

config::NetSpec build_block_net(const std::vector<Block>& blocks, const Shape& input, const Head& head) {
  config::NetSpec net;
  net.name = blocks_notation(blocks);
  net.source = "blocks:" + net.name;
  net.layers.push_back(input_layer(input, net.source));
  std::string last = "input";
  int channels = input.channels;
  for (size_t i = 0; i < blocks.size(); ++i) {
    last = append_block(net, last, channels, blocks[i], static_cast<int>(i + 1));
    channels = blocks[i].kernels;
  }
  append_head(net, last, head);
  // Every layer names its origin in errors; a long notation is shortened there, or 4,000 blocks
  // would copy it 16,000 times (1.5 GB).
  constexpr size_t kOriginChars = 120;
  const std::string origin = net.source.size() <= kOriginChars ? net.source
                                                               : net.source.substr(0, kOriginChars) + "... (" +
                                                                     std::to_string(blocks.size()) + " blocks)";
  for (LayerSpec& l : net.layers) l.origin = origin;
  return net;
}

}  // namespace imc::workloads
