// SPDX-License-Identifier: MIT
#include "workloads/onnx/import_context.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "workloads/network.h"
#include "workloads/onnx/tensors.h"

namespace imc::workloads::onnx_import {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Layer names become PyTorch module names and plot labels: letters, digits and '_' only.
std::string sanitize(const std::string& raw) {
  std::string s;
  for (char c : raw) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  const size_t first = s.find_first_not_of('_');
  s = first == std::string::npos ? "" : s.substr(first);
  while (!s.empty() && s.back() == '_') s.pop_back();
  return s;
}

}  // namespace

std::string dims_text(const std::vector<int64_t>& dims) {
  std::string s;
  for (int64_t d : dims) s += (s.empty() ? "" : ", ") + std::to_string(d);
  return "[" + s + "]";
}

ImportContext::ImportContext(const onnx::ModelProto& model, std::string source, std::optional<Shape> input,
                             OnnxWeights weights)
    : m_model(model),
      m_graph(model.graph()),
      m_source(std::move(source)),
      m_input(std::move(input)),
      m_read_weights(weights == OnnxWeights::Read) {
  for (const onnx::OperatorSetIdProto& o : model.opset_import()) {
    if (!o.domain().empty() && o.domain() != "ai.onnx") {
      throw NetworkError(m_source + ": the model needs operator set '" + o.domain() +
                         "'; imcnas imports the standard ONNX operators only");
    }
  }
  for (const onnx::TensorProto& t : m_graph.initializer()) m_constants[t.name()] = &t;
  for (const onnx::NodeProto& n : m_graph.node()) {
    for (const std::string& in : n.input()) ++m_uses[in];
  }
  for (const onnx::ValueInfoProto& o : m_graph.output()) ++m_uses[o.name()];
}

std::string ImportContext::where(const onnx::NodeProto& node) const {
  return m_source + ": node '" + node.name() + "' (" + node.op_type() + "): ";
}

void ImportContext::expect_inputs(const onnx::NodeProto& node, int low, int high) const {
  if (node.input_size() < low || node.input_size() > high) {
    throw NetworkError(where(node) + "has " + std::to_string(node.input_size()) + " inputs, expected " +
                       (low == high ? std::to_string(low) : std::to_string(low) + " to " + std::to_string(high)));
  }
}

void ImportContext::expect_one_output(const onnx::NodeProto& node) const {
  if (node.output_size() < 1) throw NetworkError(where(node) + "has no output");
  for (int i = 1; i < node.output_size(); ++i) {
    if (!node.output(i).empty() && uses(node.output(i)) > 0) {
      throw NetworkError(where(node) + "output '" + node.output(i) +
                         "' is used; imcnas supports the first output only");
    }
  }
}

const onnx::TensorProto& ImportContext::constant(const onnx::NodeProto& node, int input,
                                                 const std::string& what) const {
  if (input >= node.input_size() || node.input(input).empty()) {
    throw NetworkError(where(node) + "needs its " + what + " (input " + std::to_string(input) + ")");
  }
  const auto it = m_constants.find(node.input(input));
  if (it == m_constants.end()) {
    throw NetworkError(where(node) + "its " + what + " '" + node.input(input) +
                       "' is computed by the graph; imcnas needs it as an initializer or a Constant");
  }
  return *it->second;
}

void ImportContext::set_constant(const std::string& value, onnx::TensorProto tensor) {
  m_owned_constants.push_back(std::move(tensor));
  m_owned_constants.back().set_name(value);
  m_constants[value] = &m_owned_constants.back();
}

bool ImportContext::all_inputs_constant(const onnx::NodeProto& node) const {
  for (const std::string& in : node.input())
    if (!in.empty() && !is_constant(in)) return false;
  return true;
}

std::string ImportContext::layer_of(const onnx::NodeProto& node, const std::string& value) const {
  if (m_padding.count(value))
    throw NetworkError(where(node) + "input '" + value +
                       "' comes from a Pad; imcnas folds a zero Pad only into the Conv or AveragePool that reads it");
  config::Padding padding;
  return layer_of_padded(node, value, padding);
}

std::string ImportContext::layer_of_padded(const onnx::NodeProto& node, const std::string& value,
                                           config::Padding& padding) const {
  const auto pad = m_padding.find(value);
  padding = pad == m_padding.end() ? config::Padding{} : pad->second;
  const auto it = m_producer.find(value);
  if (it != m_producer.end()) return it->second;
  if (m_channel_views.count(value)) {
    throw NetworkError(where(node) + "input '" + value +
                       "' is a 5-D view of channels; imcnas reads one only as a channel shuffle: Reshape to [N, G, "
                       "C/G, H, W], Transpose with perm [0, 2, 1, 3, 4], Reshape back to [N, C, H, W]");
  }
  if (is_constant(value)) {
    throw NetworkError(where(node) + "input '" + value + "' is a constant; imcnas takes constants only as weights");
  }
  throw NetworkError(where(node) + "input '" + value + "' is produced by no node before it");
}

std::string ImportContext::unique_name(const onnx::NodeProto& node, int index) {
  std::string base = sanitize(node.name());
  if (base.empty() && node.output_size() > 0) base = sanitize(node.output(0));
  if (base.empty() || std::isdigit(static_cast<unsigned char>(base[0]))) base = lower(node.op_type()) + "_" + base;
  if (base.back() == '_') base += std::to_string(index);
  std::string name = base;
  for (int k = 2; m_names.count(name); ++k) name = base + "_" + std::to_string(k);
  m_names.insert(name);
  return name;
}

config::LayerSpec& ImportContext::add_layer(const onnx::NodeProto& node, int index, config::LayerKind kind,
                                            std::vector<std::string> inputs, int output) {
  config::LayerSpec l;
  l.name = unique_name(node, index);
  l.kind = kind;
  l.inputs = std::move(inputs);
  l.origin = m_source + ": node '" + node.name() + "' (" + node.op_type() + ")";
  m_net.spec.layers.push_back(std::move(l));
  m_producer[node.output(output)] = m_net.spec.layers.back().name;
  return m_net.spec.layers.back();
}

void ImportContext::rename_layer(const std::string& name, const onnx::NodeProto& node, int index) {
  const std::string renamed = unique_name(node, index);
  for (config::LayerSpec& l : m_net.spec.layers) {
    if (l.name == name) l.name = renamed;
    for (std::string& in : l.inputs)
      if (in == name) in = renamed;
  }
  for (auto& [value, layer] : m_producer)
    if (layer == name) layer = renamed;
  m_producer[node.output(0)] = renamed;
}

config::LayerSpec* ImportContext::find_layer(const std::string& name) {
  for (config::LayerSpec& l : m_net.spec.layers) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

Shape ImportContext::shape_of(const std::string& layer) const {
  // The layer and its ancestors only: a branch read so far but not yet joined (shufflenet's
  // first branch while the second is read) would be a second output of the prefix.
  std::set<std::string> needed{layer};
  config::NetSpec prefix = m_net.spec;
  prefix.layers.clear();
  for (auto it = m_net.spec.layers.rbegin(); it != m_net.spec.layers.rend(); ++it) {
    if (!needed.count(it->name)) continue;
    needed.insert(it->inputs.begin(), it->inputs.end());
    prefix.layers.push_back(*it);
  }
  std::reverse(prefix.layers.begin(), prefix.layers.end());
  return Network::build(prefix).output().out;
}

int ImportContext::uses(const std::string& value) const {
  const auto it = m_uses.find(value);
  return it == m_uses.end() ? 0 : it->second;
}

WeightTensor ImportContext::weight(const onnx::NodeProto& node, int input, const std::string& what) const {
  const onnx::TensorProto& t = constant(node, input, what);
  if (m_read_weights) return float_tensor(t, where(node));
  WeightTensor shape_only;
  shape_only.dims = dims_of(t);
  element_count(shape_only.dims, where(node));  // the same limits as a read weight
  return shape_only;
}

void ImportContext::store_weight(const std::string& key, WeightTensor t) {
  if (m_read_weights) m_net.weights[key] = std::move(t);
}

void ImportContext::set_vector(const std::string& key, WeightTensor t, int64_t length, const onnx::NodeProto& node) {
  const int64_t have = m_read_weights ? static_cast<int64_t>(t.values.size()) : element_count(t.dims, where(node));
  if (have != length) {
    throw NetworkError(where(node) + "'" + key + "' has " + std::to_string(have) + " values, expected " +
                       std::to_string(length));
  }
  t.dims = {length};
  store_weight(key, std::move(t));
}

void ImportContext::check_weight_dims(const onnx::NodeProto& node, const WeightTensor& weight) const {
  for (int64_t d : weight.dims)
    if (d < 1) {
      throw NetworkError(where(node) + "its weight has shape " + dims_text(weight.dims) +
                         "; every dimension must be at least 1");
    }
}

}  // namespace imc::workloads::onnx_import
