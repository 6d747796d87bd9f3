// SPDX-License-Identifier: MIT
// The network IR: a checked DAG of layers with inferred shapes and counts.
// Boost.Graph holds the structure; its types stay inside network.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "configs/net_spec.h"
#include "workloads/shape.h"

namespace imc::workloads {

using config::LayerKind;
using config::LayerSpec;

/// An invalid network: a bad edge, a shape mismatch, a cycle. The message
/// names the layer and where it was declared.
class NetworkError : public std::runtime_error {
 public:
  explicit NetworkError(const std::string& message) : std::runtime_error(message) {}
};

struct Layer {
  LayerSpec spec;
  std::vector<int> producers;  ///< layer indices, in the order of spec.inputs
  std::vector<int> consumers;  ///< layer indices, ascending
  Shape in;                    ///< shape of the first input (the output shape for an input layer)
  Shape out;
  int64_t params = 0;  ///< trainable parameters
  int64_t macs = 0;    ///< multiply-accumulates for one inference

  const std::string& name() const { return spec.name; }
  LayerKind kind() const { return spec.kind; }
  /// conv2d or linear: the layers that hold weights on crossbars.
  bool has_weights() const { return spec.kind == LayerKind::Conv2d || spec.kind == LayerKind::Linear; }
  /// conv2d: its channel groups (1: a dense conv, in.channels: depthwise); other layers 1.
  int groups() const { return spec.kind == LayerKind::Conv2d ? spec.groups : 1; }
  /// conv2d and linear: the inputs one output sums over (k^2 * Cin / groups, or in_features):
  /// the rows of one group's weight matrix.
  int64_t fan_in() const {
    return spec.kind == LayerKind::Conv2d ? int64_t{spec.kernel} * spec.kernel * (in.channels / groups())
                                          : in.elements();
  }
};

class Network {
 public:
  /// Checks the spec and infers shapes. Throws NetworkError.
  static Network build(const config::NetSpec& spec);

  const std::string& name() const { return m_name; }
  const std::string& source() const { return m_source; }
  /// Layers in a topological order (the file's order when it already is one).
  const std::vector<Layer>& layers() const { return m_layers; }
  const Layer& layer(int index) const { return m_layers.at(static_cast<size_t>(index)); }
  /// Index of a layer by name, or -1.
  int find(const std::string& name) const;
  const Layer& input() const { return m_layers.front(); }
  const Layer& output() const { return m_layers.back(); }

  int64_t total_params() const;
  int64_t total_macs() const;

  /// The spec it was built from, in topological order (what a network TOML of it holds).
  config::NetSpec spec() const;

  /// Graphviz text: one node per layer with kind and output shape.
  std::string to_dot() const;

 private:
  struct Graph;
  std::string m_name;
  std::string m_source;
  std::vector<Layer> m_layers;
  std::shared_ptr<const Graph> m_graph;  ///< the Boost.Graph DAG, vertex i = layer i
};

}  // namespace imc::workloads
