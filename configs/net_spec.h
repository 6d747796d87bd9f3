// SPDX-License-Identifier: MIT
// Plain description of a network as read from a network TOML (or built by
// the block builders). workloads::Network turns it into a checked graph.
#pragma once

#include <string>
#include <vector>

#include "configs/activation.h"

namespace imc::config {

enum class LayerKind {
  Input,
  Conv2d,
  BatchNorm,
  Relu,
  MaxPool,
  AvgPool,
  Add,
  Concat,
  Flatten,
  Linear,
  Dropout,
  Activation,      ///< an element-wise function other than ReLU (configs/activations.def)
  Mul,             ///< element-wise product of two inputs; a C×1×1 input scales every pixel (squeeze-and-excitation)
  ChannelShuffle,  ///< channels viewed as groups × (C / groups), transposed (ShuffleNet); moves data, no MACs
  Slice,           ///< channels [slice_begin, slice_end) of its input (a Split or channel Slice)
};

/// The TOML name of a kind ("conv2d", "maxpool", ...).
const char* layer_kind_name(LayerKind kind);
/// All kinds, in declaration order.
const std::vector<LayerKind>& all_layer_kinds();

/// Zero padding of a window's input, per side (ONNX's pads order: top, left, bottom, right).
/// TensorFlow's SAME padding of an even kernel is asymmetric: one more on the bottom and right.
struct Padding {
  int top = 0, left = 0, bottom = 0, right = 0;

  static Padding uniform(int p) { return {p, p, p, p}; }
  bool symmetric() const { return top == bottom && left == right && top == left; }
  bool any() const { return top != 0 || left != 0 || bottom != 0 || right != 0; }
  int largest() const;
  Padding operator+(const Padding& o) const { return {top + o.top, left + o.left, bottom + o.bottom, right + o.right}; }
  bool operator==(const Padding& o) const {
    return top == o.top && left == o.left && bottom == o.bottom && right == o.right;
  }
  bool operator!=(const Padding& o) const { return !(*this == o); }
  /// "1" when symmetric, else "[top, left, bottom, right]".
  std::string str() const;
};

struct LayerSpec {
  std::string name;
  LayerKind kind = LayerKind::Relu;
  std::vector<std::string> inputs;  ///< producer layer names, in order
  // input
  int height = 0;
  int width = 0;
  int channels = 0;
  // conv2d (out_channels) and linear (out_channels = output features)
  int out_channels = 0;
  // conv2d and pooling
  int kernel = 1;
  int stride = 1;
  Padding padding;
  int groups = 1;                 ///< conv2d: input and output channels split into this many independent groups;
                                  ///< channel_shuffle: the groups whose channels it interleaves
  int slice_begin = 0;            ///< slice: the first input channel it keeps
  int slice_end = 0;              ///< slice: one past the last input channel it keeps
  bool ceil_mode = false;         ///< pooling: round the output size up (PyTorch's ceil_mode)
  bool count_include_pad = true;  ///< avgpool: padded zeros count in the divisor (PyTorch's default)
  bool bias = true;               ///< conv2d and linear
  int weight_bits = 0;            ///< conv2d and linear: stored weight precision (sign included); 0: the chip's
  int activation_bits = 0;        ///< conv2d and linear: precision of the output activations; 0: the chip's
  double relu_max = 0;            ///< relu: clip the output at this value (ReLU6: 6); 0: no upper bound
  Activation activation = Activation::Sigmoid;  ///< activation: the function
  double dropout_p = 0.5;
  std::string origin;  ///< "file:line:col" of the layer, for error messages
};

struct NetSpec {
  std::string name;
  std::string source;  ///< the file, or "builtin:<name>", or "blocks:..."
  std::vector<LayerSpec> layers;
};

/// Reads a network TOML file. Throws ConfigError with file, line and key path.
NetSpec load_net_file(const std::string& path);
/// Same, from text; `source` names the text in error messages.
NetSpec parse_net_text(const std::string& text, const std::string& source);

}  // namespace imc::config
