// SPDX-License-Identifier: MIT
#include "workloads/onnx_export.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <random>

namespace imc::workloads {
namespace {

constexpr int kOpset = 13;
constexpr int kIrVersion = 8;

void add_ints(onnx::NodeProto& node, const std::string& name, std::vector<int64_t> values) {
  onnx::AttributeProto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values) a->add_ints(v);
}
void add_int(onnx::NodeProto& node, const std::string& name, int64_t value) {
  onnx::AttributeProto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}
void add_float(onnx::NodeProto& node, const std::string& name, float value) {
  onnx::AttributeProto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

/// PyTorch's hard sigmoid, clamp(x / 6 + 1/2, 0, 1), as ONNX's HardSigmoid(alpha, beta).
void make_hard_sigmoid(onnx::NodeProto& node) {
  node.set_op_type("HardSigmoid");
  add_float(node, "alpha", 1.0f / 6.0f);
  add_float(node, "beta", 0.5f);
}

/// An activation as opset 13 writes it: one node, or (hard_swish, silu) x times its gate, as
/// PyTorch's exporter does; `node` is already in the graph with the layer's input and output.
void export_activation(onnx::GraphProto& graph, onnx::NodeProto& node, config::Activation f) {
  const bool gated = f == config::Activation::HardSwish || f == config::Activation::Silu;
  const bool hard = f == config::Activation::HardSigmoid || f == config::Activation::HardSwish;
  if (hard)
    make_hard_sigmoid(node);
  else
    node.set_op_type("Sigmoid");
  if (!gated) return;
  const std::string name = node.name(), input = node.input(0);
  node.set_name(name + "_gate");
  node.set_output(0, name + "_gate");
  onnx::NodeProto& mul = *graph.add_node();
  mul.set_op_type("Mul");
  mul.set_name(name);
  mul.add_input(input);
  mul.add_input(name + "_gate");
  mul.add_output(name);
}

void add_int64_initializer(onnx::GraphProto& graph, const std::string& name, const std::vector<int64_t>& values) {
  onnx::TensorProto* init = graph.add_initializer();
  init->set_name(name);
  init->set_data_type(onnx::TensorProto::INT64);
  init->add_dims(static_cast<int64_t>(values.size()));
  for (int64_t v : values) init->add_int64_data(v);
}

/// ShuffleNet's channel_shuffle as PyTorch writes it: Reshape to [N, G, C/G, H, W], Transpose
/// the two channel axes, Reshape back; `node` becomes the first Reshape.
void export_channel_shuffle(onnx::GraphProto& graph, onnx::NodeProto& node, const Layer& l) {
  const std::string name = node.name(), input = node.input(0);
  const int64_t g = l.spec.groups, c = l.out.channels, h = l.out.height, w = l.out.width;
  node.set_op_type("Reshape");
  node.set_name(name + "_grouped");
  node.set_output(0, name + "_grouped");
  add_int64_initializer(graph, name + ".grouped_shape", {0, g, c / g, h, w});
  node.add_input(name + ".grouped_shape");
  onnx::NodeProto& transpose = *graph.add_node();
  transpose.set_op_type("Transpose");
  transpose.set_name(name + "_transposed");
  transpose.add_input(name + "_grouped");
  transpose.add_output(name + "_transposed");
  add_ints(transpose, "perm", {0, 2, 1, 3, 4});
  onnx::NodeProto& back = *graph.add_node();
  back.set_op_type("Reshape");
  back.set_name(name);
  back.add_input(name + "_transposed");
  add_int64_initializer(graph, name + ".shape", {0, c, h, w});
  back.add_input(name + ".shape");
  back.add_output(name);
}

/// A channel slice: Slice(x, [begin], [end], axes = [1]).
void export_slice(onnx::GraphProto& graph, onnx::NodeProto& node, const LayerSpec& s) {
  node.set_op_type("Slice");
  for (const auto& [what, value] :
       {std::pair{"starts", s.slice_begin}, std::pair{"ends", s.slice_end}, std::pair{"axes", 1}}) {
    const std::string key = node.name() + "." + what;
    add_int64_initializer(graph, key, {value});
    node.add_input(key);
  }
}

void add_window(onnx::NodeProto& node, const LayerSpec& s) {
  add_ints(node, "kernel_shape", {s.kernel, s.kernel});
  add_ints(node, "strides", {s.stride, s.stride});
  add_ints(node, "pads", {s.padding.top, s.padding.left, s.padding.bottom, s.padding.right});
}

void add_initializer(onnx::GraphProto& graph, const std::string& name, const WeightTensor& t) {
  onnx::TensorProto* init = graph.add_initializer();
  init->set_name(name);
  init->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : t.dims) init->add_dims(d);
  init->set_raw_data(std::string(reinterpret_cast<const char*>(t.values.data()), t.values.size() * sizeof(float)));
}

void set_image_type(onnx::ValueInfoProto& value, const std::string& name, std::vector<int64_t> dims) {
  value.set_name(name);
  onnx::TypeProto_Tensor* type = value.mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  type->mutable_shape()->add_dim()->set_dim_param("batch");
  for (int64_t d : dims) type->mutable_shape()->add_dim()->set_dim_value(d);
}

const WeightTensor& checked(const NetWeights& weights, const std::string& key, const std::vector<int64_t>& dims) {
  const auto it = weights.find(key);
  if (it == weights.end()) throw NetworkError("ONNX export: no weights for '" + key + "'");
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  if (it->second.dims != dims || static_cast<int64_t>(it->second.values.size()) != n) {
    throw NetworkError("ONNX export: '" + key + "' does not have the layer's shape");
  }
  return it->second;
}

}  // namespace

std::map<std::string, std::vector<int64_t>> parameter_shapes(const Network& net) {
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const Layer& l : net.layers()) {
    const LayerSpec& s = l.spec;
    const int64_t out = s.out_channels;
    if (l.kind() == LayerKind::Conv2d)
      shapes[l.name() + ".weight"] = {out, l.in.channels / l.groups(), s.kernel, s.kernel};
    if (l.kind() == LayerKind::Linear) shapes[l.name() + ".weight"] = {out, l.in.channels};
    if (l.has_weights() && s.bias) shapes[l.name() + ".bias"] = {out};
    if (l.kind() == LayerKind::BatchNorm) {
      for (const char* p : {"weight", "bias", "running_mean", "running_var"})
        shapes[l.name() + "." + p] = {l.in.channels};
    }
  }
  return shapes;
}

NetWeights initial_weights(const Network& net, uint64_t seed) {
  std::mt19937_64 rng(seed);
  NetWeights weights;
  for (const auto& [key, dims] : parameter_shapes(net)) {
    WeightTensor t{dims, {}};
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    const std::string layer = key.substr(0, key.rfind('.'));
    const Layer& l = net.layer(net.find(layer));
    if (l.kind() == LayerKind::BatchNorm) {
      const std::string param = key.substr(key.rfind('.') + 1);
      const bool one = param == "weight" || param == "running_var";
      t.values.assign(static_cast<size_t>(n), one ? 1.0f : 0.0f);
    } else {
      const int64_t fan_in = l.fan_in();
      std::uniform_real_distribution<float> u(-1.0f, 1.0f);
      const float bound = static_cast<float>(1.0 / std::sqrt(static_cast<double>(fan_in)));
      t.values.resize(static_cast<size_t>(n));
      for (float& v : t.values) v = bound * u(rng);
    }
    weights[key] = std::move(t);
  }
  return weights;
}

std::string export_onnx_bytes(const Network& net, const NetWeights& weights, const std::string& producer_version) {
  onnx::ModelProto model;
  model.set_ir_version(kIrVersion);
  model.set_producer_name("imcnas");
  model.set_producer_version(producer_version);
  onnx::OperatorSetIdProto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOpset);
  onnx::GraphProto& graph = *model.mutable_graph();
  graph.set_name(net.name());

  const std::map<std::string, std::vector<int64_t>> shapes = parameter_shapes(net);
  for (const Layer& l : net.layers()) {
    const LayerSpec& s = l.spec;
    if (l.kind() == LayerKind::Input) {
      set_image_type(*graph.add_input(), l.name(), {l.out.channels, l.out.height, l.out.width});
      continue;
    }
    onnx::NodeProto& node = *graph.add_node();
    node.set_name(l.name());
    for (const std::string& in : s.inputs) node.add_input(in);
    node.add_output(l.name());
    auto param = [&](const char* p) {
      const std::string key = l.name() + "." + p;
      add_initializer(graph, key, checked(weights, key, shapes.at(key)));
      node.add_input(key);
    };
    auto bits = [&](const char* what, int value) {
      if (value == 0) return;  // the chip's: nothing to record
      onnx::StringStringEntryProto* e = model.add_metadata_props();
      e->set_key(std::string("imcnas:") + what + ":" + l.name());
      e->set_value(std::to_string(value));
    };
    switch (l.kind()) {
      case LayerKind::Conv2d:
        node.set_op_type("Conv");
        param("weight");
        if (s.bias) param("bias");
        add_window(node, s);
        if (s.groups != 1) add_int(node, "group", s.groups);
        bits("weight_bits", s.weight_bits);
        bits("activation_bits", s.activation_bits);
        break;
      case LayerKind::Linear:
        node.set_op_type("Gemm");
        add_int(node, "transB", 1);
        param("weight");
        if (s.bias) param("bias");
        bits("weight_bits", s.weight_bits);
        bits("activation_bits", s.activation_bits);
        break;
      case LayerKind::BatchNorm:
        node.set_op_type("BatchNormalization");
        for (const char* p : {"weight", "bias", "running_mean", "running_var"}) param(p);
        break;
      case LayerKind::Relu:
        if (s.relu_max > 0) {  // ReLU6 and its kin: Clip(x, 0, max), the bounds as initializers
          node.set_op_type("Clip");
          for (const auto& [bound, value] : {std::pair{"min", 0.0}, std::pair{"max", s.relu_max}}) {
            const std::string key = l.name() + "." + bound;
            add_initializer(graph, key, WeightTensor{{}, {static_cast<float>(value)}});
            node.add_input(key);
          }
          break;
        }
        node.set_op_type("Relu");
        break;
      case LayerKind::MaxPool:
        node.set_op_type("MaxPool");
        add_window(node, s);
        if (s.ceil_mode) add_int(node, "ceil_mode", 1);
        break;
      case LayerKind::AvgPool:
        node.set_op_type("AveragePool");
        add_window(node, s);
        add_int(node, "count_include_pad", s.count_include_pad ? 1 : 0);  // ONNX's default is 0, PyTorch's 1
        if (s.ceil_mode) add_int(node, "ceil_mode", 1);
        break;
      case LayerKind::Add:
        node.set_op_type("Add");
        break;
      case LayerKind::Concat:
        node.set_op_type("Concat");
        add_int(node, "axis", 1);
        break;
      case LayerKind::Flatten:
        node.set_op_type("Flatten");
        add_int(node, "axis", 1);
        break;
      case LayerKind::Dropout: {
        node.set_op_type("Dropout");
        const std::string key = l.name() + ".ratio";
        add_initializer(graph, key, WeightTensor{{}, {static_cast<float>(s.dropout_p)}});
        node.add_input(key);
        break;
      }
      case LayerKind::Activation:
        export_activation(graph, node, s.activation);
        break;
      case LayerKind::Mul:
        node.set_op_type("Mul");
        break;
      case LayerKind::ChannelShuffle:
        export_channel_shuffle(graph, node, l);
        break;
      case LayerKind::Slice:
        export_slice(graph, node, s);
        break;
      case LayerKind::Input:
        break;
    }
  }
  const Layer& out = net.output();
  onnx::ValueInfoProto& output = *graph.add_output();
  output.set_name(out.name());
  onnx::TypeProto_Tensor* type = output.mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  type->mutable_shape()->add_dim()->set_dim_param("batch");
  if (out.out.flat) {
    type->mutable_shape()->add_dim()->set_dim_value(out.out.channels);
  } else {
    for (int64_t d : {out.out.channels, out.out.height, out.out.width})
      type->mutable_shape()->add_dim()->set_dim_value(d);
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes)) throw NetworkError("ONNX export: the model does not serialize (over 2 GiB?)");
  return bytes;
}

}  // namespace imc::workloads
