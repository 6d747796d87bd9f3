// SPDX-License-Identifier: MIT
#include "workloads/onnx_import.h"

#include <onnx/onnx_pb.h>

#include <cctype>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "workloads/network.h"
#include "workloads/shape_inference.h"

namespace imc::workloads {
namespace {

using config::LayerKind;
using config::LayerSpec;

constexpr const char* kSupportedOps =
    "Conv, Relu, MaxPool, AveragePool, GlobalAveragePool, BatchNormalization, Add, Concat, Flatten, "
    "Reshape (to 2-D), Gemm, MatMul, Dropout, Identity and Constant";
// BatchNormalization's epsilon in the trainer (PyTorch's default); other values fold into the variance.
constexpr double kTrainerBnEpsilon = 1e-5;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// One node's attributes, checked against the ones its op supports.
class Attributes {
 public:
  Attributes(const onnx::NodeProto& node, const std::set<std::string>& known, const std::string& where)
      : m_where(where) {
    for (const onnx::AttributeProto& a : node.attribute()) {
      if (!known.count(a.name())) {
        std::string names;
        for (const std::string& k : known) names += (names.empty() ? "" : ", ") + k;
        throw NetworkError(where + "attribute '" + a.name() + "' is not supported" +
                           (names.empty() ? std::string(" (the op takes none)") : " (supported: " + names + ")"));
      }
      m_attrs[a.name()] = &a;
    }
  }
  bool has(const std::string& name) const { return m_attrs.count(name) != 0; }
  int64_t integer(const std::string& name, int64_t fallback) const {
    const onnx::AttributeProto* a = find(name);
    if (!a) return fallback;
    if (a->type() != onnx::AttributeProto::INT) fail(name, "expected an integer");
    return a->i();
  }
  double real(const std::string& name, double fallback) const {
    const onnx::AttributeProto* a = find(name);
    if (!a) return fallback;
    if (a->type() != onnx::AttributeProto::FLOAT) fail(name, "expected a float");
    return a->f();
  }
  std::string text(const std::string& name, const std::string& fallback) const {
    const onnx::AttributeProto* a = find(name);
    if (!a) return fallback;
    if (a->type() != onnx::AttributeProto::STRING) fail(name, "expected a string");
    return a->s();
  }
  std::vector<int64_t> integers(const std::string& name) const {
    const onnx::AttributeProto* a = find(name);
    if (!a) return {};
    if (a->type() != onnx::AttributeProto::INTS) fail(name, "expected a list of integers");
    return {a->ints().begin(), a->ints().end()};
  }
  [[noreturn]] void fail(const std::string& name, const std::string& what) const {
    throw NetworkError(m_where + "attribute '" + name + "': " + what);
  }

 private:
  const onnx::AttributeProto* find(const std::string& name) const {
    const auto it = m_attrs.find(name);
    return it == m_attrs.end() ? nullptr : it->second;
  }
  std::string m_where;
  std::map<std::string, const onnx::AttributeProto*> m_attrs;
};

int64_t element_count(const std::vector<int64_t>& dims, const std::string& where) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kMaxLayerWeights) throw NetworkError(where + "a tensor dimension is " + std::to_string(d));
    n *= d;
    if (n > kMaxLayerWeights)
      throw NetworkError(where + "a tensor is larger than " + std::to_string(kMaxLayerWeights) + " elements");
  }
  return n;
}

template <typename T>
std::vector<T> raw_values(const std::string& raw, int64_t count, const std::string& where) {
  if (raw.size() != static_cast<size_t>(count) * sizeof(T)) {
    throw NetworkError(where + "raw_data holds " + std::to_string(raw.size()) + " bytes, expected " +
                       std::to_string(count * static_cast<int64_t>(sizeof(T))));
  }
  std::vector<T> v(static_cast<size_t>(count));
  std::memcpy(v.data(), raw.data(), raw.size());  // ONNX stores little-endian, as this host does
  return v;
}

/// A float or double tensor as floats.
WeightTensor float_tensor(const onnx::TensorProto& t, const std::string& where) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    throw NetworkError(where + "tensor '" + t.name() + "' keeps its data in an external file, which is not supported");
  }
  WeightTensor w;
  w.dims.assign(t.dims().begin(), t.dims().end());
  const int64_t n = element_count(w.dims, where);
  auto check = [&](int64_t have) {
    if (have != n) {
      throw NetworkError(where + "tensor '" + t.name() + "' holds " + std::to_string(have) +
                         " values, its shape says " + std::to_string(n));
    }
  };
  if (t.data_type() == onnx::TensorProto::FLOAT) {
    if (t.has_raw_data()) {
      w.values = raw_values<float>(t.raw_data(), n, where);
    } else {
      check(t.float_data_size());
      w.values.assign(t.float_data().begin(), t.float_data().end());
    }
  } else if (t.data_type() == onnx::TensorProto::DOUBLE) {
    std::vector<double> d;
    if (t.has_raw_data()) {
      d = raw_values<double>(t.raw_data(), n, where);
    } else {
      check(t.double_data_size());
      d.assign(t.double_data().begin(), t.double_data().end());
    }
    w.values.assign(d.begin(), d.end());
  } else {
    throw NetworkError(where + "tensor '" + t.name() + "' has element type " + std::to_string(t.data_type()) +
                       ", expected float or double");
  }
  return w;
}

/// An int64 (or int32) tensor, as Reshape's shape and Dropout's flags hold them.
std::vector<int64_t> int_tensor(const onnx::TensorProto& t, const std::string& where) {
  const std::vector<int64_t> dims(t.dims().begin(), t.dims().end());
  const int64_t n = element_count(dims, where);
  if (t.data_type() == onnx::TensorProto::INT64) {
    if (t.has_raw_data()) return raw_values<int64_t>(t.raw_data(), n, where);
    return {t.int64_data().begin(), t.int64_data().end()};
  }
  if (t.data_type() == onnx::TensorProto::INT32 || t.data_type() == onnx::TensorProto::BOOL) {
    if (t.has_raw_data() && t.data_type() == onnx::TensorProto::INT32) {
      const std::vector<int32_t> v = raw_values<int32_t>(t.raw_data(), n, where);
      return {v.begin(), v.end()};
    }
    if (t.has_raw_data()) {
      const std::vector<uint8_t> v = raw_values<uint8_t>(t.raw_data(), n, where);
      return {v.begin(), v.end()};
    }
    return {t.int32_data().begin(), t.int32_data().end()};
  }
  throw NetworkError(where + "tensor '" + t.name() + "' has element type " + std::to_string(t.data_type()) +
                     ", expected integers");
}

class Importer {
 public:
  Importer(const onnx::ModelProto& model, std::string source, std::optional<Shape> input)
      : m_model(model), m_graph(model.graph()), m_source(std::move(source)), m_input(std::move(input)) {
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

  OnnxNet run() {
    m_net.spec.source = m_source;
    m_net.spec.name = m_graph.name().empty() ? "onnx" : m_graph.name();
    read_input();
    for (int i = 0; i < m_graph.node_size(); ++i) read_node(m_graph.node(i), i);
    check_output();
    read_layer_bits();
    return std::move(m_net);
  }

 private:
  // --- names ---------------------------------------------------------------
  /// Layer names become PyTorch module names and plot labels: letters, digits and '_' only.
  static std::string sanitize(const std::string& raw) {
    std::string s;
    for (char c : raw) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    const size_t first = s.find_first_not_of('_');
    s = first == std::string::npos ? "" : s.substr(first);
    while (!s.empty() && s.back() == '_') s.pop_back();
    return s;
  }
  std::string unique_name(const onnx::NodeProto& node, int index) {
    std::string base = sanitize(node.name());
    if (base.empty() && node.output_size() > 0) base = sanitize(node.output(0));
    if (base.empty() || std::isdigit(static_cast<unsigned char>(base[0]))) base = lower(node.op_type()) + "_" + base;
    if (base.back() == '_') base += std::to_string(index);
    std::string name = base;
    for (int k = 2; m_names.count(name); ++k) name = base + "_" + std::to_string(k);
    m_names.insert(name);
    return name;
  }
  std::string where(const onnx::NodeProto& node) const {
    return m_source + ": node '" + node.name() + "' (" + node.op_type() + "): ";
  }

  // --- values --------------------------------------------------------------
  bool is_constant(const std::string& value) const { return m_constants.count(value) != 0; }
  const onnx::TensorProto& constant(const onnx::NodeProto& node, int input, const std::string& what) const {
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
  /// The IR layer that produces an ONNX value.
  std::string layer_of(const onnx::NodeProto& node, const std::string& value) const {
    const auto it = m_producer.find(value);
    if (it != m_producer.end()) return it->second;
    if (is_constant(value)) {
      throw NetworkError(where(node) + "input '" + value + "' is a constant; imcnas takes constants only as weights");
    }
    throw NetworkError(where(node) + "input '" + value + "' is produced by no node before it");
  }
  void expect_inputs(const onnx::NodeProto& node, int low, int high) const {
    if (node.input_size() < low || node.input_size() > high) {
      throw NetworkError(where(node) + "has " + std::to_string(node.input_size()) + " inputs, expected " +
                         (low == high ? std::to_string(low) : std::to_string(low) + " to " + std::to_string(high)));
    }
  }
  /// Outputs past the first (BN's running statistics, MaxPool's indices, Dropout's mask) must be unused.
  void expect_one_output(const onnx::NodeProto& node) const {
    if (node.output_size() < 1) throw NetworkError(where(node) + "has no output");
    for (int i = 1; i < node.output_size(); ++i) {
      const auto it = m_uses.find(node.output(i));
      if (!node.output(i).empty() && it != m_uses.end() && it->second > 0) {
        throw NetworkError(where(node) + "output '" + node.output(i) +
                           "' is used; imcnas supports the first output only");
      }
    }
  }

  LayerSpec& add_layer(const onnx::NodeProto& node, int index, LayerKind kind, std::vector<std::string> inputs) {
    LayerSpec l;
    l.name = unique_name(node, index);
    l.kind = kind;
    l.inputs = std::move(inputs);
    l.origin = m_source + ": node '" + node.name() + "' (" + node.op_type() + ")";
    m_net.spec.layers.push_back(std::move(l));
    m_producer[node.output(0)] = m_net.spec.layers.back().name;
    return m_net.spec.layers.back();
  }
  /// The output shape of a layer already read (builds the network so far).
  Shape shape_of(const std::string& layer) const {
    config::NetSpec prefix = m_net.spec;
    while (!prefix.layers.empty() && prefix.layers.back().name != layer) prefix.layers.pop_back();
    const Network net = Network::build(prefix);
    return net.output().out;
  }

  // --- the graph's input and output ---------------------------------------
  void read_input() {
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
    LayerSpec l;
    l.name = "input";
    l.kind = LayerKind::Input;
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

  void check_output() const {
    if (m_net.spec.layers.size() < 2)
      throw NetworkError(m_source + ": the graph has no operator after its input: there is no network to map");
    if (m_graph.output_size() != 1) {
      throw NetworkError(m_source + ": the graph has " + std::to_string(m_graph.output_size()) +
                         " outputs, expected one (the class scores)");
    }
    const std::string& out = m_graph.output(0).name();
    const auto it = m_producer.find(out);
    if (it == m_producer.end())
      throw NetworkError(m_source + ": the graph output '" + out + "' is produced by no node");
    if (it->second != m_net.spec.layers.back().name) {
      throw NetworkError(m_source + ": the graph output '" + out + "' comes from layer '" + it->second +
                         "', but layer '" + m_net.spec.layers.back().name +
                         "' comes after it; imcnas networks end at their output");
    }
  }

  /// Per-layer precisions that imcnas's own export keeps in the model's metadata.
  void read_layer_bits() {
    for (const onnx::StringStringEntryProto& e : m_model.metadata_props()) {
      const std::string& key = e.key();
      for (const char* what : {"weight_bits", "activation_bits"}) {
        const std::string prefix = std::string("imcnas:") + what + ":";
        if (key.rfind(prefix, 0) != 0) continue;
        LayerSpec* l = find_layer(key.substr(prefix.size()));
        int bits = -1;
        try {
          bits = std::stoi(e.value());
        } catch (const std::exception&) {
        }
        if (!l || (l->kind != LayerKind::Conv2d && l->kind != LayerKind::Linear) || bits < 0 || bits > 32 ||
            (bits == 1 && what[0] == 'w')) {
          throw NetworkError(m_source + ": metadata '" + key + "' = '" + e.value() +
                             "' does not name a conv or linear layer with 0 or 2 to 32 bits");
        }
        (what[0] == 'w' ? l->weight_bits : l->activation_bits) = bits;
      }
    }
  }

  // --- ops -------------------------------------------------------------------
  void read_node(const onnx::NodeProto& node, int index) {
    const std::string& op = node.op_type();
    if (!node.domain().empty() && node.domain() != "ai.onnx") {
      throw NetworkError(where(node) + "is in domain '" + node.domain() + "'; supported ops: " + kSupportedOps);
    }
    if (op == "Constant") return read_constant(node);
    expect_one_output(node);
    if (op == "Conv") return read_conv(node, index);
    if (op == "Gemm") return read_gemm(node, index);
    if (op == "MatMul") return read_matmul(node, index);
    if (op == "BatchNormalization") return read_batchnorm(node, index);
    if (op == "MaxPool" || op == "AveragePool") return read_pool(node, index);
    if (op == "GlobalAveragePool") return read_global_pool(node, index);
    if (op == "Add") return read_add(node, index);
    if (op == "Concat") return read_concat(node, index);
    if (op == "Flatten") return read_flatten(node, index);
    if (op == "Reshape") return read_reshape(node, index);
    if (op == "Dropout") return read_dropout(node, index);
    if (op == "Relu" || op == "Identity") {
      Attributes(node, {}, where(node));
      expect_inputs(node, 1, 1);
      const std::string from = layer_of(node, node.input(0));
      if (op == "Identity") {
        m_producer[node.output(0)] = from;
      } else {
        add_layer(node, index, LayerKind::Relu, {from});
      }
      return;
    }
    throw NetworkError(where(node) + "op '" + op + "' is not supported; supported ops: " + kSupportedOps);
  }

  void read_constant(const onnx::NodeProto& node) {
    Attributes attrs(node, {"value"}, where(node));
    if (!attrs.has("value") || node.output_size() != 1) throw NetworkError(where(node) + "needs a tensor 'value'");
    const onnx::AttributeProto* value = nullptr;
    for (const onnx::AttributeProto& a : node.attribute()) value = &a;
    if (value->type() != onnx::AttributeProto::TENSOR) attrs.fail("value", "expected a tensor");
    m_constant_nodes.push_back(value->t());
    m_constant_nodes.back().set_name(node.output(0));
    m_constants[node.output(0)] = &m_constant_nodes.back();
  }

  /// Square kernel, equal strides, symmetric pads; returns {kernel, stride, padding}.
  struct Window {
    int kernel = 1, stride = 1, padding = 0;
  };
  Window read_window(const Attributes& attrs, int64_t kernel_from_weights) const {
    std::vector<int64_t> k = attrs.integers("kernel_shape");
    if (k.empty() && kernel_from_weights > 0) k = {kernel_from_weights, kernel_from_weights};
    if (k.size() != 2 || k[0] != k[1] || k[0] < 1 || k[0] > 1024) {
      attrs.fail("kernel_shape", "expected a square 2-D kernel of 1 to 1024");
    }
    Window w;
    w.kernel = static_cast<int>(k[0]);
    const std::vector<int64_t> s = attrs.integers("strides");
    if (!s.empty() && (s.size() != 2 || s[0] != s[1] || s[0] < 1 || s[0] > 1024)) {
      attrs.fail("strides", "expected two equal strides of 1 to 1024");
    }
    w.stride = s.empty() ? 1 : static_cast<int>(s[0]);
    const std::vector<int64_t> p = attrs.integers("pads");
    if (!p.empty() && (p.size() != 4 || p[0] != p[1] || p[0] != p[2] || p[0] != p[3] || p[0] < 0 || p[0] > 1024)) {
      attrs.fail("pads", "expected four equal pads (the same on every side)");
    }
    w.padding = p.empty() ? 0 : static_cast<int>(p[0]);
    const std::string auto_pad = attrs.text("auto_pad", "NOTSET");
    if (auto_pad != "NOTSET" && auto_pad != "VALID") {
      attrs.fail("auto_pad", "is '" + auto_pad + "'; supported: NOTSET with explicit pads, or VALID");
    }
    if (auto_pad == "VALID" && w.padding != 0) attrs.fail("auto_pad", "VALID with non-zero pads");
    for (int64_t d : attrs.integers("dilations")) {
      if (d != 1) attrs.fail("dilations", "must all be 1");
    }
    return w;
  }

  void read_conv(const onnx::NodeProto& node, int index) {
    Attributes attrs(node, {"kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"}, where(node));
    expect_inputs(node, 2, 3);
    if (attrs.integer("group", 1) != 1)
      attrs.fail("group", "must be 1 (grouped and depthwise convolutions are not supported)");
    WeightTensor weight = float_tensor(constant(node, 1, "weight"), where(node));
    if (weight.dims.size() != 4 || weight.dims[2] != weight.dims[3]) {
      throw NetworkError(where(node) + "expected a weight of shape [out, in, k, k]");
    }
    check_weight_dims(node, weight);
    const Window w = read_window(attrs, weight.dims[2]);
    if (w.kernel != weight.dims[2]) attrs.fail("kernel_shape", "differs from the weight's kernel");
    const std::string from = layer_of(node, node.input(0));
    const int channels = shape_of(from).channels;
    if (weight.dims[1] != channels)
      throw NetworkError(where(node) + "its weight [" + std::to_string(weight.dims[0]) + ", " +
                         std::to_string(weight.dims[1]) + ", " + std::to_string(weight.dims[2]) + ", " +
                         std::to_string(weight.dims[3]) + "] takes " + std::to_string(weight.dims[1]) +
                         " input channels, but its input '" + node.input(0) + "' has " + std::to_string(channels));
    LayerSpec& l = add_layer(node, index, LayerKind::Conv2d, {from});
    l.out_channels = static_cast<int>(weight.dims[0]);
    l.kernel = w.kernel;
    l.stride = w.stride;
    l.padding = w.padding;
    l.bias = node.input_size() == 3 && !node.input(2).empty();
    if (l.bias)
      set_vector(l.name + ".bias", float_tensor(constant(node, 2, "bias"), where(node)), weight.dims[0], node);
    m_net.weights[l.name + ".weight"] = std::move(weight);
  }

  void set_vector(const std::string& key, WeightTensor t, int64_t length, const onnx::NodeProto& node) {
    if (static_cast<int64_t>(t.values.size()) != length) {
      throw NetworkError(where(node) + "'" + key + "' has " + std::to_string(t.values.size()) + " values, expected " +
                         std::to_string(length));
    }
    t.dims = {length};
    m_net.weights[key] = std::move(t);
  }

  /// A weight with a zero dimension holds no weight at all (and maps to 0 of 0 cells).
  void check_weight_dims(const onnx::NodeProto& node, const WeightTensor& weight) const {
    for (int64_t d : weight.dims)
      if (d < 1) {
        std::string dims;
        for (int64_t x : weight.dims) dims += (dims.empty() ? "" : ", ") + std::to_string(x);
        throw NetworkError(where(node) + "its weight has shape [" + dims + "]; every dimension must be at least 1");
      }
  }

  /// A linear layer whose ONNX weight is [in, out] (transposed) or [out, in].
  LayerSpec& add_linear(const onnx::NodeProto& node, int index, WeightTensor weight, bool in_by_out) {
    if (weight.dims.size() != 2) throw NetworkError(where(node) + "expected a 2-D weight");
    check_weight_dims(node, weight);
    if (in_by_out) {
      const int64_t in = weight.dims[0], out = weight.dims[1];
      std::vector<float> t(weight.values.size());
      for (int64_t i = 0; i < in; ++i) {
        for (int64_t o = 0; o < out; ++o)
          t[static_cast<size_t>(o * in + i)] = weight.values[static_cast<size_t>(i * out + o)];
      }
      weight = WeightTensor{{out, in}, std::move(t)};
    }
    const std::string from = layer_of(node, node.input(0));
    LayerSpec& l = add_layer(node, index, LayerKind::Linear, {from});
    l.out_channels = static_cast<int>(weight.dims[0]);
    l.bias = false;
    m_net.weights[l.name + ".weight"] = std::move(weight);
    return l;
  }

  void read_gemm(const onnx::NodeProto& node, int index) {
    Attributes attrs(node, {"alpha", "beta", "transA", "transB"}, where(node));
    expect_inputs(node, 2, 3);
    if (attrs.integer("transA", 0) != 0) attrs.fail("transA", "must be 0");
    if (attrs.real("alpha", 1.0) != 1.0) attrs.fail("alpha", "must be 1");
    if (attrs.real("beta", 1.0) != 1.0) attrs.fail("beta", "must be 1");
    const bool trans_b = attrs.integer("transB", 0) != 0;
    LayerSpec& l = add_linear(node, index, float_tensor(constant(node, 1, "weight B"), where(node)), !trans_b);
    if (node.input_size() == 3 && !node.input(2).empty()) {
      l.bias = true;
      set_vector(l.name + ".bias", float_tensor(constant(node, 2, "bias C"), where(node)), l.out_channels, node);
    }
  }

  void read_matmul(const onnx::NodeProto& node, int index) {
    Attributes(node, {}, where(node));
    expect_inputs(node, 2, 2);
    const LayerSpec& l = add_linear(node, index, float_tensor(constant(node, 1, "weight B"), where(node)), true);
    m_bias_free_linear[node.output(0)] = l.name;
  }

  void read_add(const onnx::NodeProto& node, int index) {
    Attributes(node, {}, where(node));
    expect_inputs(node, 2, 2);
    // MatMul + Add(bias) is how some exporters write a linear layer: fold the bias into it.
    for (int c = 0; c < 2; ++c) {
      const std::string& other = node.input(1 - c);
      const auto linear = m_bias_free_linear.find(other);
      if (!is_constant(node.input(c)) || linear == m_bias_free_linear.end() || m_uses[other] != 1) continue;
      LayerSpec* l = find_layer(linear->second);
      l->bias = true;
      set_vector(l->name + ".bias", float_tensor(constant(node, c, "bias"), where(node)), l->out_channels, node);
      m_producer[node.output(0)] = l->name;
      m_bias_free_linear.erase(linear);
      return;
    }
    add_layer(node, index, LayerKind::Add, {layer_of(node, node.input(0)), layer_of(node, node.input(1))});
  }

  LayerSpec* find_layer(const std::string& name) {
    for (LayerSpec& l : m_net.spec.layers) {
      if (l.name == name) return &l;
    }
    return nullptr;
  }

  void read_batchnorm(const onnx::NodeProto& node, int index) {
    Attributes attrs(node, {"epsilon", "momentum", "training_mode", "spatial"}, where(node));
    expect_inputs(node, 5, 5);
    if (attrs.integer("training_mode", 0) != 0) attrs.fail("training_mode", "must be 0 (an inference graph)");
    if (attrs.integer("spatial", 1) != 1) attrs.fail("spatial", "must be 1");
    const double epsilon = attrs.real("epsilon", 1e-5);
    const std::string from = layer_of(node, node.input(0));
    LayerSpec& l = add_layer(node, index, LayerKind::BatchNorm, {from});
    const char* names[] = {"weight", "bias", "running_mean", "running_var"};
    const char* roles[] = {"scale", "bias B", "mean", "variance"};
    const int64_t channels = constant(node, 1, "scale").dims_size() == 1 ? constant(node, 1, "scale").dims(0) : -1;
    if (channels < 1) throw NetworkError(where(node) + "expected a 1-D scale");
    for (int i = 0; i < 4; ++i) {
      WeightTensor t = float_tensor(constant(node, i + 1, roles[i]), where(node));
      if (i == 3) {
        // The trainer's epsilon is PyTorch's; a different one moves into the variance, same result.
        for (float& v : t.values) {
          v = static_cast<float>(v + epsilon - kTrainerBnEpsilon);
          if (v < 0) throw NetworkError(where(node) + "a variance is negative");
        }
      }
      set_vector(l.name + "." + names[i], std::move(t), channels, node);
    }
  }

  void read_pool(const onnx::NodeProto& node, int index) {
    const bool max = node.op_type() == "MaxPool";
    std::set<std::string> known{"kernel_shape", "strides", "pads", "auto_pad", "ceil_mode"};
    known.insert(max ? "dilations" : "count_include_pad");
    if (max) known.insert("storage_order");
    Attributes attrs(node, known, where(node));
    expect_inputs(node, 1, 1);
    const Window w = read_window(attrs, 0);
    if (attrs.integer("ceil_mode", 0) != 0) attrs.fail("ceil_mode", "must be 0");
    if (attrs.integer("storage_order", 0) != 0) attrs.fail("storage_order", "must be 0");
    if (!max && w.padding > 0 && attrs.integer("count_include_pad", 0) == 0) {
      attrs.fail("count_include_pad", "is 0 with pads; imcnas averages over the padded window (count_include_pad = 1)");
    }
    if (2 * w.padding > w.kernel) attrs.fail("pads", "must be at most half the kernel");
    LayerSpec& l =
        add_layer(node, index, max ? LayerKind::MaxPool : LayerKind::AvgPool, {layer_of(node, node.input(0))});
    l.kernel = w.kernel;
    l.stride = w.stride;
    l.padding = w.padding;
  }

  void read_global_pool(const onnx::NodeProto& node, int index) {
    Attributes(node, {}, where(node));
    expect_inputs(node, 1, 1);
    const std::string from = layer_of(node, node.input(0));
    const Shape in = shape_of(from);
    if (in.flat || in.height != in.width) {
      throw NetworkError(where(node) + "its input is " + in.str() + "; imcnas pools square feature maps only");
    }
    LayerSpec& l = add_layer(node, index, LayerKind::AvgPool, {from});
    l.kernel = in.height;
    l.stride = in.height;
  }

  void read_concat(const onnx::NodeProto& node, int index) {
    Attributes attrs(node, {"axis"}, where(node));
    if (node.input_size() < 2) expect_inputs(node, 2, 1 << 20);
    if (attrs.integer("axis", 1) != 1) attrs.fail("axis", "must be 1 (the channels)");
    std::vector<std::string> from;
    for (const std::string& in : node.input()) from.push_back(layer_of(node, in));
    add_layer(node, index, LayerKind::Concat, from);
  }

  void read_flatten(const onnx::NodeProto& node, int index) {
    Attributes attrs(node, {"axis"}, where(node));
    expect_inputs(node, 1, 1);
    if (attrs.integer("axis", 1) != 1) attrs.fail("axis", "must be 1 (keep the batch, flatten the rest)");
    add_layer(node, index, LayerKind::Flatten, {layer_of(node, node.input(0))});
  }

  void read_reshape(const onnx::NodeProto& node, int index) {
    Attributes attrs(node, {"allowzero"}, where(node));
    expect_inputs(node, 2, 2);
    if (attrs.integer("allowzero", 0) != 0) attrs.fail("allowzero", "must be 0");
    const std::vector<int64_t> target = int_tensor(constant(node, 1, "shape"), where(node));
    const std::string from = layer_of(node, node.input(0));
    const int64_t elements = shape_of(from).elements();
    const bool batch_kept = target.size() == 2 && (target[0] == 0 || target[0] == 1 || target[0] == -1);
    const bool flattens = batch_kept && (target[1] == -1 ? target[0] != -1 : target[1] == elements);
    if (!flattens) {
      throw NetworkError(where(node) + "reshapes to something other than [batch, " + std::to_string(elements) +
                         "]; imcnas supports Reshape only as a flatten to 2-D");
    }
    add_layer(node, index, LayerKind::Flatten, {from});
  }

  void read_dropout(const onnx::NodeProto& node, int index) {
    Attributes attrs(node, {"ratio", "seed", "is_test"}, where(node));
    expect_inputs(node, 1, 3);
    double p = attrs.real("ratio", 0.5);
    if (node.input_size() >= 2 && !node.input(1).empty()) {
      const WeightTensor ratio = float_tensor(constant(node, 1, "ratio"), where(node));
      if (ratio.values.size() != 1) throw NetworkError(where(node) + "ratio must be a scalar");
      p = ratio.values[0];
    }
    if (node.input_size() == 3 && !node.input(2).empty()) {
      const std::vector<int64_t> mode = int_tensor(constant(node, 2, "training_mode"), where(node));
      if (mode.size() != 1 || mode[0] != 0) throw NetworkError(where(node) + "training_mode must be false");
    }
    if (!(p >= 0.0 && p < 1.0)) throw NetworkError(where(node) + "ratio " + std::to_string(p) + " is outside [0, 1)");
    LayerSpec& l = add_layer(node, index, LayerKind::Dropout, {layer_of(node, node.input(0))});
    l.dropout_p = p;
  }

  const onnx::ModelProto& m_model;
  const onnx::GraphProto& m_graph;
  std::string m_source;
  std::optional<Shape> m_input;
  OnnxNet m_net;
  std::map<std::string, const onnx::TensorProto*> m_constants;
  std::deque<onnx::TensorProto> m_constant_nodes;         ///< a deque: m_constants points into it
  std::map<std::string, std::string> m_producer;          ///< ONNX value -> IR layer
  std::map<std::string, int> m_uses;                      ///< ONNX value -> consumers (graph output included)
  std::map<std::string, std::string> m_bias_free_linear;  ///< MatMul output -> its linear layer
  std::set<std::string> m_names;
};

}  // namespace

bool is_onnx_path(const std::string& path) { return path.size() > 5 && lower(path.substr(path.size() - 5)) == ".onnx"; }

OnnxNet import_onnx_bytes(const std::string& bytes, const std::string& source, const std::optional<Shape>& input) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes)) throw NetworkError(source + ": not an ONNX model (the protobuf does not parse)");
  if (!model.has_graph()) throw NetworkError(source + ": the ONNX model has no graph");
  Importer importer(model, source, input);
  OnnxNet net = importer.run();
  Network::build(net.spec);  // check the whole graph now, naming the node where it fails
  return net;
}

OnnxNet import_onnx_file(const std::string& path, const std::optional<Shape>& input) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NetworkError(path + ": cannot open the ONNX file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof()) throw NetworkError(path + ": cannot read the ONNX file");
  return import_onnx_bytes(bytes.str(), path, input);
}

}  // namespace imc::workloads
