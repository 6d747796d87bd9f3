// SPDX-License-Identifier: MIT
// The state of one ONNX import and the helpers every op reader shares: which IR layer or
// constant each ONNX value is, the layers read so far, and errors that name the node.
#pragma once

#include <onnx/onnx_pb.h>

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "configs/net_spec.h"
#include "workloads/onnx_import.h"
#include "workloads/shape.h"

namespace imc::workloads::onnx_import {

class ImportContext {
 public:
  ImportContext(const onnx::ModelProto& model, std::string source, std::optional<Shape> input, OnnxWeights weights);

  // --- the graph's input, output and metadata (graph_io.cpp) ---
  void read_input();
  void check_output() const;
  void read_layer_bits();
  OnnxNet take() { return std::move(m_net); }

  // --- errors ---
  const std::string& source() const { return m_source; }
  /// "file: node 'n' (Op): ", the prefix of every error about `node`.
  std::string where(const onnx::NodeProto& node) const;
  void expect_inputs(const onnx::NodeProto& node, int low, int high) const;
  /// Outputs past the first (BN's running statistics, MaxPool's indices, Dropout's mask) must be unused.
  void expect_one_output(const onnx::NodeProto& node) const;

  // --- constants ---
  bool is_constant(const std::string& value) const { return m_constants.count(value) != 0; }
  /// Input `input` of `node`, which must be a constant (an initializer, a Constant or folded).
  const onnx::TensorProto& constant(const onnx::NodeProto& node, int input, const std::string& what) const;
  /// Makes `value` a constant holding `tensor` (a Constant node's, or a folded result).
  void set_constant(const std::string& value, onnx::TensorProto tensor);
  /// True when every non-empty input of `node` is a constant: the node can be folded.
  bool all_inputs_constant(const onnx::NodeProto& node) const;

  // --- layers ---
  /// The IR layer that produces an ONNX value. Refuses a value padded by a Pad still to fold.
  std::string layer_of(const onnx::NodeProto& node, const std::string& value) const;
  /// Same for a reader that can take a Pad into its own padding (Conv, AveragePool): the
  /// layer, and the zeros a Pad before it added to each side of H and W.
  std::string layer_of_padded(const onnx::NodeProto& node, const std::string& value, config::Padding& padding) const;
  /// Makes `value` the output of `layer` padded by `padding` zeros (a Pad).
  void pad(const std::string& value, const std::string& layer, const config::Padding& padding) {
    alias(value, layer);
    m_padding[value] = padding;
  }
  bool is_layer(const std::string& value) const { return m_producer.count(value) != 0; }
  /// Makes `value` another name of `layer` (Identity, a bias folded into its layer).
  void alias(const std::string& value, const std::string& layer) { m_producer[value] = layer; }
  /// A new layer named after `node`, producing its output `output` (Split has several).
  config::LayerSpec& add_layer(const onnx::NodeProto& node, int index, config::LayerKind kind,
                               std::vector<std::string> inputs, int output = 0);
  config::LayerSpec* find_layer(const std::string& name);
  /// Gives layer `name` the name `node` would give a new layer, and makes it `node`'s output:
  /// the layer a node folded into an earlier one (x * sigmoid(x) into the sigmoid) stands for.
  void rename_layer(const std::string& name, const onnx::NodeProto& node, int index);
  /// When `layer` is the image input: how to give it `channels` (the --input to write, and
  /// whether the shape given was C×H×W); "" otherwise.
  std::string input_channels_hint(const std::string& layer, int64_t channels) const;
  /// The output shape of a layer already read.
  Shape shape_of(const std::string& layer) const;
  int uses(const std::string& value) const;

  // --- weights ---
  /// Input `input` of `node` as a weight: a constant's values as floats, or only its shape when
  /// the import skips the weights (OnnxWeights::Skip).
  WeightTensor weight(const onnx::NodeProto& node, int input, const std::string& what) const;
  /// Keeps `t` as the parameter `key` (unless the import skips the weights).
  void store_weight(const std::string& key, WeightTensor t);
  /// Stores `t` as the 1-D parameter `key` after checking it has `length` values.
  void set_vector(const std::string& key, WeightTensor t, int64_t length, const onnx::NodeProto& node);
  /// A weight with a zero dimension holds no weight at all (and maps to 0 of 0 cells).
  void check_weight_dims(const onnx::NodeProto& node, const WeightTensor& weight) const;

  /// A 5-D view of a layer's channels as groups × (channels / groups), the first two steps of
  /// a channel shuffle (Reshape, then Transpose); the Reshape back to 4-D makes it a layer.
  struct ChannelView {
    std::string layer;
    int groups = 1;
    bool transposed = false;
  };
  void set_channel_view(const std::string& value, ChannelView view) { m_channel_views[value] = std::move(view); }
  const ChannelView* channel_view(const std::string& value) const {
    const auto it = m_channel_views.find(value);
    return it == m_channel_views.end() ? nullptr : &it->second;
  }

  /// MatMul outputs whose bias may still come as an Add: output value -> its linear layer.
  std::map<std::string, std::string>& bias_free_linear() { return m_bias_free_linear; }

 private:
  std::string unique_name(const onnx::NodeProto& node, int index);

  const onnx::ModelProto& m_model;
  const onnx::GraphProto& m_graph;
  std::string m_source;
  std::optional<Shape> m_input;
  bool m_read_weights = true;
  OnnxNet m_net;
  std::map<std::string, const onnx::TensorProto*> m_constants;
  std::deque<onnx::TensorProto> m_owned_constants;        ///< a deque: m_constants points into it
  std::map<std::string, std::string> m_producer;          ///< ONNX value -> IR layer
  std::map<std::string, int> m_uses;                      ///< ONNX value -> consumers (graph output included)
  std::map<std::string, std::string> m_bias_free_linear;  ///< MatMul output -> its linear layer
  std::map<std::string, config::Padding> m_padding;       ///< a Pad's output -> its zeros per side
  std::map<std::string, ChannelView> m_channel_views;     ///< a channel shuffle's 5-D values
  std::set<std::string> m_names;
};

/// "[a, b, c]".
std::string dims_text(const std::vector<int64_t>& dims);

}  // namespace imc::workloads::onnx_import
