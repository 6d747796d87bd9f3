// SPDX-License-Identifier: MIT
// Builders for the main seed paper's blocks (Amin et al., Fig. 3 and 4).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "configs/net_spec.h"
#include "workloads/shape.h"

namespace imc::workloads {

enum class BlockType {
#define IMC_BLOCK_TYPE(name) name,
#include "configs/policies/block_types.def"
#undef IMC_BLOCK_TYPE
};

struct Block {
  BlockType type = BlockType::VGG;
  int kernels = 16;  ///< K: the number of conv kernels (output channels)
};

/// The fixed classifier head: flatten -> FC(hidden) -> dropout -> ReLU -> FC(classes).
struct Head {
  int hidden = 256;
  int classes = 10;
  double dropout_p = 0.5;
};

const char* block_type_name(BlockType type);
/// A name of configs/policies/block_types.def; nothing for any other name.
std::optional<BlockType> block_type_from_name(const std::string& name);

/// Parses the paper's notation "VGG/32,VGG/32,RES/32"; throws std::invalid_argument.
std::vector<Block> parse_blocks(const std::string& text);
/// The inverse of parse_blocks.
std::string blocks_notation(const std::vector<Block>& blocks);

/// Appends one block's layers after `from`, which has `in_channels` channels; returns the name
/// of its last layer.
std::string append_block(config::NetSpec& net, const std::string& from, int in_channels, const Block& block, int index);
/// Appends the head after `from`.
void append_head(config::NetSpec& net, const std::string& from, const Head& head);

/// The input layer "input" of a network for images of `shape`.
config::LayerSpec input_layer(const Shape& shape, const std::string& origin);

/// A whole network: input -> blocks -> head.
config::NetSpec build_block_net(const std::vector<Block>& blocks, const Shape& input, const Head& head);

}  // namespace imc::workloads
