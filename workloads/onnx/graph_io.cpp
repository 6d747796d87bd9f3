// SPDX-License-Identifier: MIT
// The graph's image input, its single output, its name and imcnas's per-layer bits metadata.
#include <filesystem>

#include "workloads/network.h"
#include "workloads/onnx/import_context.h"

namespace imc::workloads::onnx_import {
namespace {

/// Graph names exporters write when the user gave none: the file's name says more.
bool is_default_graph_name(const std::string& name) {
  for (const char* d : {"", "torch_jit", "torch-jit-export", "main_graph", "tf2onnx", "onnx"})
    if (name == d) return true;
  return false;
}

}  // namespace

void ImportContext::read_input() {
  m_net.spec.source = m_source;
  m_net.spec.name = m_graph.name();
  if (is_default_graph_name(m_net.spec.name)) {
    const std::string stem = std::filesystem::path(m_source).stem().string();
    m_net.spec.name = stem.empty() ? "onnx" : stem;
  }
  const onnx::ValueInfoProto* image = nullptr;
  for (const onnx::ValueInfoProto& v : m_graph.input()) {
    if (is_constant(v.name())) continue;  // older exporters list initializers as inputs too
    if (image) {
      throw NetworkError(m_source + ": the graph has inputs '" + image->name() + "' and '" + v.name() +
                         "'; imcnas imports networks with one image input");
    }
    image = &v;
  }
  if (!image) throw NetworkError(m_source + ": the graph has no input");
  const std::string where = m_source + ": input '" + image->name() + "': ";
  if (!image->type().has_tensor_type()) throw NetworkError(where + "is not a tensor");
  const onnx::TypeProto_Tensor& type = image->type().tensor_type();
  if (type.elem_type() != onnx::TensorProto::FLOAT) {
    throw NetworkError(where + "has element type " + std::to_string(type.elem_type()) + ", expected float");
  }
  std::vector<int64_t> dims;
  std::string text;
  for (const onnx::TensorShapeProto_Dimension& d : type.shape().dim()) {
    dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    text += (text.empty() ? "" : ", ") + (d.has_dim_value()       ? std::to_string(d.dim_value())
                                          : d.dim_param().empty() ? "?"
                                                                  : d.dim_param());
  }
  if (type.has_shape() && dims.size() != 4) {
    throw NetworkError(where + "has shape [" + text + "], expected 4 dimensions [batch, channels, height, width]");
  }
  config::LayerSpec l;
  l.name = "input";
  l.kind = config::LayerKind::Input;
  l.origin = m_source + ": input '" + image->name() + "'";
  if (m_input) {
    l.height = m_input->height;
    l.width = m_input->width;
    l.channels = m_input->channels;
  } else {
    if (!type.has_shape() || dims[1] <= 0 || dims[2] <= 0 || dims[3] <= 0) {
      throw NetworkError(where + "has the dynamic shape [" + text +
                         "]; give the image shape with --input HxWxC (Python: input=(H, W, C))");
    }
    auto dim = [&](size_t i) {
      if (dims[i] > (1 << 20))
        throw NetworkError(where + "dimension " + std::to_string(i) + " is " + std::to_string(dims[i]));
      return static_cast<int>(dims[i]);
    };
    l.channels = dim(1);
    l.height = dim(2);
    l.width = dim(3);
  }
  m_names.insert(l.name);
  m_net.spec.layers.push_back(l);
  m_producer[image->name()] = l.name;
}

std::string ImportContext::input_channels_hint(const std::string& layer, int64_t channels) const {
  const config::LayerSpec& in = m_net.spec.layers.front();
  if (layer != in.name) return "";
  const std::string given =
      std::to_string(in.height) + "x" + std::to_string(in.width) + "x" + std::to_string(in.channels);
  std::string hint =
      m_input ? "; --input " + given + " is read as HxWxC" : "; the file's input is " + given + " (HxWxC)";
  if (m_input && in.height == channels) {
    // PyTorch's order: --input 3x32x32 meant 3 channels of 32x32.
    return hint + ", which looks like PyTorch's CxHxW order: write --input " + std::to_string(in.width) + "x" +
           std::to_string(in.channels) + "x" + std::to_string(channels);
  }
  return hint + "; the network needs --input " + std::to_string(in.height) + "x" + std::to_string(in.width) + "x" +
         std::to_string(channels);
}

void ImportContext::check_output() const {
  if (m_net.spec.layers.size() < 2)
    throw NetworkError(m_source + ": the graph has no operator after its input: there is no network to map");
  if (m_graph.output_size() != 1) {
    throw NetworkError(m_source + ": the graph has " + std::to_string(m_graph.output_size()) +
                       " outputs, expected one (the class scores)");
  }
  const std::string& out = m_graph.output(0).name();
  const auto it = m_producer.find(out);
  if (it == m_producer.end()) throw NetworkError(m_source + ": the graph output '" + out + "' is produced by no node");
  if (it->second != m_net.spec.layers.back().name) {
    throw NetworkError(m_source + ": the graph output '" + out + "' comes from layer '" + it->second +
                       "', but layer '" + m_net.spec.layers.back().name +
                       "' comes after it; imcnas networks end at their output");
  }
}

void ImportContext::read_layer_bits() {
  for (const onnx::StringStringEntryProto& e : m_model.metadata_props()) {
    const std::string& key = e.key();
    for (const char* what : {"weight_bits", "activation_bits"}) {
      const std::string prefix = std::string("imcnas:") + what + ":";
      if (key.rfind(prefix, 0) != 0) continue;
      config::LayerSpec* l = find_layer(key.substr(prefix.size()));
      int bits = -1;
      try {
        bits = std::stoi(e.value());
      } catch (const std::exception&) {
      }
      if (!l || (l->kind != config::LayerKind::Conv2d && l->kind != config::LayerKind::Linear) || bits < 0 ||
          bits > 32 || (bits == 1 && what[0] == 'w')) {
        throw NetworkError(m_source + ": metadata '" + key + "' = '" + e.value() +
                           "' does not name a conv or linear layer with 0 or 2 to 32 bits");
      }
      (what[0] == 'w' ? l->weight_bits : l->activation_bits) = bits;
    }
  }
}

}  // namespace imc::workloads::onnx_import
