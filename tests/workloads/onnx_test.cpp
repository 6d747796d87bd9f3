// SPDX-License-Identifier: MIT
// ONNX export and import: round trips of the built-in networks, and one clear error per
// unsupported op or attribute.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <functional>
#include <map>

#include "configs/net_writer.h"
#include "workloads/library.h"
#include "workloads/onnx_export.h"
#include "workloads/onnx_import.h"

namespace imc::workloads {
namespace {

Network builtin(const std::string& name) { return load_network(NetRequest{name, {}, {}, 256}); }

OnnxNet round_trip(const Network& net, const NetWeights& weights) {
  return import_onnx_bytes(export_onnx_bytes(net, weights, "test"), "test.onnx", std::nullopt);
}

void expect_same_ir(const Network& a, const Network& b) {
  ASSERT_EQ(a.layers().size(), b.layers().size());
  for (size_t i = 0; i < a.layers().size(); ++i) {
    const Layer& x = a.layers()[i];
    const Layer& y = b.layers()[i];
    SCOPED_TRACE(x.name());
    EXPECT_EQ(x.name(), y.name());
    EXPECT_EQ(x.kind(), y.kind());
    EXPECT_EQ(x.in, y.in);
    EXPECT_EQ(x.out, y.out);
    EXPECT_EQ(x.params, y.params);
    EXPECT_EQ(x.macs, y.macs);
    EXPECT_EQ(x.producers, y.producers);
    EXPECT_EQ(x.spec.weight_bits, y.spec.weight_bits);
    EXPECT_EQ(x.spec.activation_bits, y.spec.activation_bits);
    EXPECT_EQ(x.spec.groups, y.spec.groups);
    EXPECT_EQ(x.spec.padding, y.spec.padding);
    EXPECT_EQ(x.spec.count_include_pad, y.spec.count_include_pad);
    EXPECT_EQ(x.spec.slice_begin, y.spec.slice_begin);
    EXPECT_EQ(x.spec.slice_end, y.spec.slice_end);
    EXPECT_DOUBLE_EQ(x.spec.relu_max, y.spec.relu_max);
    EXPECT_EQ(x.spec.activation, y.spec.activation);
    EXPECT_DOUBLE_EQ(static_cast<float>(x.spec.dropout_p), y.spec.dropout_p);
  }
  EXPECT_EQ(a.total_params(), b.total_params());
  EXPECT_EQ(a.total_macs(), b.total_macs());
}

TEST(Onnx, EveryBuiltinNetworkSurvivesExportAndImport) {
  for (const std::string& name : builtin_net_names()) {
    SCOPED_TRACE(name);
    const Network net = builtin(name);
    const NetWeights weights = initial_weights(net, 7);
    const OnnxNet back = round_trip(net, weights);
    expect_same_ir(net, Network::build(back.spec));
    ASSERT_EQ(back.weights.size(), weights.size());
    for (const auto& [key, t] : weights) {
      ASSERT_TRUE(back.weights.count(key)) << key;
      EXPECT_EQ(back.weights.at(key).dims, t.dims) << key;
      EXPECT_EQ(back.weights.at(key).values, t.values) << key;
    }
  }
}

// net show, map and simulate import the shapes only (issue 26: a 500 MB file in seconds).
TEST(Onnx, AShapesOnlyImportGivesTheSameNetworkWithoutWeights) {
  for (const std::string& name : builtin_net_names()) {
    SCOPED_TRACE(name);
    const Network net = builtin(name);
    const std::string bytes = export_onnx_bytes(net, initial_weights(net, 7), "test");
    const OnnxNet shapes = import_onnx_bytes(bytes, "test.onnx", std::nullopt, OnnxWeights::Skip);
    EXPECT_TRUE(shapes.weights.empty());
    expect_same_ir(Network::build(import_onnx_bytes(bytes, "test.onnx", std::nullopt).spec),
                   Network::build(shapes.spec));
  }
}

TEST(Onnx, PerLayerBitsAndDropoutRoundTrip) {
  const std::string toml = R"(name = "bits"
[[layer]]
name = "input"
kind = "input"
height = 8
width = 8
channels = 1
[[layer]]
name = "c"
kind = "conv2d"
out_channels = 4
kernel = 3
stride = 2
weight_bits = 4
activation_bits = 6
[[layer]]
name = "f"
kind = "flatten"
[[layer]]
name = "d"
kind = "dropout"
p = 0.25
[[layer]]
name = "fc"
kind = "linear"
out_features = 3
bias = false
weight_bits = 3
)";
  const Network net = Network::build(config::parse_net_text(toml, "bits.toml"));
  expect_same_ir(net, Network::build(round_trip(net, initial_weights(net, 1)).spec));
}

TEST(Onnx, TheWrittenTomlReadsBackToTheSameNetwork) {
  for (const char* name : {"resnet18", "modela", "alexnet"}) {
    const config::NetSpec spec = resolve_net_spec(NetRequest{name, {}, {}, 256});
    const std::string text = config::net_spec_toml(spec);
    expect_same_ir(Network::build(spec), Network::build(config::parse_net_text(text, name + std::string(".toml"))));
  }
}

TEST(Onnx, UntrainedWeightsAreSeeded) {
  const Network net = builtin("lenet");
  EXPECT_EQ(initial_weights(net, 3).at("conv1.weight").values, initial_weights(net, 3).at("conv1.weight").values);
  EXPECT_NE(initial_weights(net, 3).at("conv1.weight").values, initial_weights(net, 4).at("conv1.weight").values);
}

TEST(Onnx, ExportNamesAMissingWeight) {
  const Network net = builtin("lenet");
  NetWeights weights = initial_weights(net, 1);
  weights.erase("conv1.weight");
  try {
    export_onnx_bytes(net, weights, "test");
    FAIL() << "expected an error";
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("conv1.weight"), std::string::npos) << e.what();
  }
}

// --- hand-edited models -----------------------------------------------------

/// A small exported network: input 8x8x2 -> conv c -> bn -> relu -> maxpool -> flatten -> fc.
/// An 8x8x2 input and a 3x3 conv 'c' to 4 channels: the start of the small test networks.
const char* const kInputAndConv = R"([[layer]]
name = "input"
kind = "input"
height = 8
width = 8
channels = 2
[[layer]]
name = "c"
kind = "conv2d"
out_channels = 4
kernel = 3
padding = 1
)";

onnx::ModelProto small_model() {
  const std::string toml = "name = \"small\"\n" + std::string(kInputAndConv) + R"([[layer]]
name = "bn"
kind = "batchnorm"
[[layer]]
name = "r"
kind = "relu"
[[layer]]
name = "p"
kind = "maxpool"
kernel = 2
[[layer]]
name = "f"
kind = "flatten"
[[layer]]
name = "fc"
kind = "linear"
out_features = 3
)";
  const Network net = Network::build(config::parse_net_text(toml, "small.toml"));
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(export_onnx_bytes(net, initial_weights(net, 1), "test")));
  return model;
}

onnx::NodeProto& node_named(onnx::ModelProto& m, const std::string& name) {
  for (onnx::NodeProto& n : *m.mutable_graph()->mutable_node()) {
    if (n.name() == name) return n;
  }
  throw std::runtime_error("no node " + name);
}

void set_int(onnx::NodeProto& n, const std::string& name, int64_t v) {
  for (onnx::AttributeProto& a : *n.mutable_attribute()) {
    if (a.name() == name) {
      a.set_i(v);
      return;
    }
  }
  onnx::AttributeProto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void set_ints(onnx::NodeProto& n, const std::string& name, std::vector<int64_t> v) {
  onnx::AttributeProto* a = nullptr;
  for (onnx::AttributeProto& x : *n.mutable_attribute()) {
    if (x.name() == name) a = &x;
  }
  if (!a) a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  a->clear_ints();
  for (int64_t x : v) a->add_ints(x);
}

std::string import_error(const onnx::ModelProto& m, std::optional<Shape> input = std::nullopt) {
  try {
    import_onnx_bytes(m.SerializeAsString(), "edited.onnx", input);
  } catch (const NetworkError& e) {
    return e.what();
  }
  return "";
}

struct BadCase {
  const char* what;
  std::function<void(onnx::ModelProto&)> edit;
  std::vector<const char*> message;  ///< every piece must be in the error
};

TEST(Onnx, EveryUnsupportedOpOrAttributeIsAClearError) {
  const std::vector<BadCase> cases = {
      {"an unsupported op",
       [](onnx::ModelProto& m) { node_named(m, "r").set_op_type("Softmax"); },
       {"edited.onnx", "node 'r' (Softmax)", "op 'Softmax' is not supported", "supported ops: Conv"}},
      {"a custom domain",
       [](onnx::ModelProto& m) { node_named(m, "r").set_domain("com.example"); },
       {"node 'r' (Relu)", "domain 'com.example'"}},
      {"a group the weight does not fit",
       [](onnx::ModelProto& m) { set_int(node_named(m, "c"), "group", 2); },
       {"node 'c' (Conv)", "with group = 2 takes 2 input channels per group", "has 2 channels, 1 per group"}},
      {"a group that does not divide the channels",
       [](onnx::ModelProto& m) { set_int(node_named(m, "c"), "group", 3); },
       {"node 'c' (Conv)", "attribute 'group'", "must be between 1 and the input's 2 channels"}},
      {"a dilated conv",
       [](onnx::ModelProto& m) {
         set_ints(node_named(m, "c"), "dilations", {2, 2});
       },
       {"node 'c' (Conv)", "attribute 'dilations'", "must all be 1"}},
      {"pads of a 1-D window",
       [](onnx::ModelProto& m) {
         set_ints(node_named(m, "c"), "pads", {1, 1});
       },
       {"node 'c' (Conv)", "attribute 'pads'", "[top, left, bottom, right]"}},
      {"negative pads (a crop)",
       [](onnx::ModelProto& m) {
         set_ints(node_named(m, "c"), "pads", {1, 1, -1, 1});
       },
       {"node 'c' (Conv)", "attribute 'pads'", "0 to 1024"}},
      {"ceil_mode with unequal pads",
       [](onnx::ModelProto& m) {
         set_ints(node_named(m, "p"), "pads", {0, 0, 1, 1});
         set_int(node_named(m, "p"), "ceil_mode", 1);
       },
       {"node 'p' (MaxPool)", "attribute 'ceil_mode'", "[0, 0, 1, 1]"}},
      {"a Gemm weight that does not fit its input",
       [](onnx::ModelProto& m) {
         set_ints(node_named(m, "p"), "strides", {1, 1});  // the pool gives 7x7x4, the weight takes 4x4x4
       },
       {"node 'fc' (Gemm)", "takes 64 inputs", "its input 'f' has 196"}},
      {"unequal strides",
       [](onnx::ModelProto& m) {
         set_ints(node_named(m, "c"), "strides", {1, 2});
       },
       {"node 'c' (Conv)", "attribute 'strides'"}},
      {"a non-square kernel",
       [](onnx::ModelProto& m) {
         set_ints(node_named(m, "p"), "kernel_shape", {2, 3});
       },
       {"node 'p' (MaxPool)", "attribute 'kernel_shape'", "square"}},
      {"SAME padding",
       [](onnx::ModelProto& m) {
         onnx::AttributeProto* a = node_named(m, "c").add_attribute();
         a->set_name("auto_pad");
         a->set_type(onnx::AttributeProto::STRING);
         a->set_s("SAME_UPPER");
       },
       {"node 'c' (Conv)", "attribute 'auto_pad'", "SAME_UPPER"}},
      {"an unknown attribute",
       [](onnx::ModelProto& m) { set_int(node_named(m, "r"), "alpha", 1); },
       {"node 'r' (Relu)", "attribute 'alpha' is not supported", "takes none"}},
      {"a flatten on another axis",
       [](onnx::ModelProto& m) { set_int(node_named(m, "f"), "axis", 2); },
       {"node 'f' (Flatten)", "attribute 'axis'"}},
      {"Gemm transA",
       [](onnx::ModelProto& m) { set_int(node_named(m, "fc"), "transA", 1); },
       {"node 'fc' (Gemm)", "attribute 'transA'"}},
      {"BN in training mode",
       [](onnx::ModelProto& m) { set_int(node_named(m, "bn"), "training_mode", 1); },
       {"node 'bn' (BatchNormalization)", "training_mode"}},
      {"a weight computed by the graph",
       [](onnx::ModelProto& m) { node_named(m, "c").set_input(1, "r"); },
       {"node 'c' (Conv)", "weight 'r' is computed by the graph"}},
      {"an input from nowhere",
       [](onnx::ModelProto& m) { node_named(m, "r").set_input(0, "ghost"); },
       {"node 'r' (Relu)", "input 'ghost' is produced by no node"}},
      {"MaxPool indices in use",
       [](onnx::ModelProto& m) {
         node_named(m, "p").add_output("indices");
         node_named(m, "f").set_input(0, "indices");
       },
       {"node 'p' (MaxPool)", "output 'indices' is used"}},
      {"two outputs",
       [](onnx::ModelProto& m) { m.mutable_graph()->add_output()->set_name("r"); },
       {"edited.onnx", "2 outputs"}},
      {"a dynamic input",
       [](onnx::ModelProto& m) {
         m.mutable_graph()
             ->mutable_input(0)
             ->mutable_type()
             ->mutable_tensor_type()
             ->mutable_shape()
             ->mutable_dim(2)
             ->set_dim_param("h");
       },
       {"input 'input'", "dynamic shape [batch, 2, h, 8]", "--input HxWxC"}},
      {"an input of rank 3",
       [](onnx::ModelProto& m) {
         m.mutable_graph()
             ->mutable_input(0)
             ->mutable_type()
             ->mutable_tensor_type()
             ->mutable_shape()
             ->mutable_dim()
             ->RemoveLast();
       },
       {"input 'input'", "expected 4 dimensions"}},
      {"a second input",
       [](onnx::ModelProto& m) { *m.mutable_graph()->add_input() = m.graph().input(0); },
       {"one image input"}},
      {"a truncated weight",
       [](onnx::ModelProto& m) {
         onnx::TensorProto& w = *m.mutable_graph()->mutable_initializer(0);
         w.set_raw_data(w.raw_data().substr(4));
       },
       {"raw_data holds", "bytes, expected"}},
      {"external data",
       [](onnx::ModelProto& m) {
         m.mutable_graph()->mutable_initializer(0)->set_data_location(onnx::TensorProto::EXTERNAL);
       },
       {"external file"}},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.what);
    onnx::ModelProto m = small_model();
    c.edit(m);
    const std::string error = import_error(m);
    ASSERT_FALSE(error.empty()) << "no error";
    for (const char* piece : c.message) EXPECT_NE(error.find(piece), std::string::npos) << error;
  }
}

TEST(Onnx, ADynamicInputTakesTheGivenShape) {
  onnx::ModelProto m = small_model();
  auto* shape = m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
  shape->mutable_dim(2)->set_dim_param("h");
  shape->mutable_dim(3)->set_dim_param("w");
  const OnnxNet net = import_onnx_bytes(m.SerializeAsString(), "dyn.onnx", Shape{8, 8, 2, false});
  EXPECT_EQ(Network::build(net.spec).output().out.channels, 3);
}

TEST(Onnx, MatMulPlusBiasIdentityConstantReshapeAndGlobalPoolAreRead) {
  onnx::ModelProto m = small_model();
  onnx::GraphProto& g = *m.mutable_graph();
  // p -> GlobalAveragePool -> Identity -> Reshape(Constant [0, -1]) -> MatMul -> Add(bias).
  node_named(m, "p").set_op_type("GlobalAveragePool");
  node_named(m, "p").clear_attribute();
  onnx::NodeProto& f = node_named(m, "f");
  f.set_op_type("Reshape");
  f.clear_attribute();
  f.set_input(0, "p_id");
  f.add_input("target");
  onnx::NodeProto identity;
  identity.set_op_type("Identity");
  identity.set_name("id");
  identity.add_input("p");
  identity.add_output("p_id");
  onnx::NodeProto constant;
  constant.set_op_type("Constant");
  constant.add_output("target");
  onnx::AttributeProto* value = constant.add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto::TENSOR);
  value->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  value->mutable_t()->add_dims(2);
  value->mutable_t()->add_int64_data(0);
  value->mutable_t()->add_int64_data(-1);
  // Rebuild the node list in order: c, bn, r, p, id, const, f, matmul, add.
  std::vector<onnx::NodeProto> nodes(g.node().begin(), g.node().end());
  g.clear_node();
  for (const onnx::NodeProto& n : nodes) {
    if (n.name() == "fc") continue;
    *g.add_node() = n;
    if (n.name() == "p") {
      *g.add_node() = identity;
      *g.add_node() = constant;
    }
  }
  onnx::TensorProto& w = *g.add_initializer();  // [in = 4, out = 3]
  w.set_name("w_t");
  w.set_data_type(onnx::TensorProto::FLOAT);
  w.add_dims(4);
  w.add_dims(3);
  for (int i = 0; i < 12; ++i) w.add_float_data(static_cast<float>(i));
  onnx::TensorProto& b = *g.add_initializer();
  b.set_name("b");
  b.set_data_type(onnx::TensorProto::FLOAT);
  b.add_dims(3);
  for (int i = 0; i < 3; ++i) b.add_float_data(10.0f + i);
  onnx::NodeProto* mm = g.add_node();
  mm->set_op_type("MatMul");
  mm->set_name("mm");
  mm->add_input("f");
  mm->add_input("w_t");
  mm->add_output("mm_out");
  onnx::NodeProto* add = g.add_node();
  add->set_op_type("Add");
  add->set_name("bias_add");
  add->add_input("mm_out");
  add->add_input("b");
  add->add_output("fc");

  const OnnxNet net = import_onnx_bytes(m.SerializeAsString(), "edited.onnx", std::nullopt);
  const Network ir = Network::build(net.spec);
  const Layer& pool = ir.layer(ir.find("p"));
  EXPECT_EQ(pool.kind(), LayerKind::AvgPool);
  EXPECT_EQ(pool.spec.kernel, 8);
  EXPECT_EQ(ir.output().name(), "mm");
  EXPECT_TRUE(ir.output().spec.bias);
  EXPECT_EQ(ir.output().out.channels, 3);
  // MatMul's [in, out] weight becomes PyTorch's [out, in].
  EXPECT_EQ(net.weights.at("mm.weight").dims, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(net.weights.at("mm.weight").values[1], 3.0f);
  EXPECT_EQ(net.weights.at("mm.bias").values[2], 12.0f);
  EXPECT_EQ(ir.layers().size(), 7u);  // input c bn r p f mm: Identity and Constant are not layers
  // The shapes-only import turns MatMul's [in, out] weight around too.
  const OnnxNet shapes = import_onnx_bytes(m.SerializeAsString(), "edited.onnx", std::nullopt, OnnxWeights::Skip);
  EXPECT_EQ(Network::build(shapes.spec).output().out.channels, 3);
  EXPECT_TRUE(shapes.weights.empty());
}

TEST(Onnx, ABatchNormEpsilonMovesIntoTheVariance) {
  onnx::ModelProto m = small_model();
  onnx::NodeProto& bn = node_named(m, "bn");
  onnx::AttributeProto* eps = bn.add_attribute();
  eps->set_name("epsilon");
  eps->set_type(onnx::AttributeProto::FLOAT);
  eps->set_f(1e-3f);
  const OnnxNet net = import_onnx_bytes(m.SerializeAsString(), "eps.onnx", std::nullopt);
  EXPECT_NEAR(net.weights.at("bn.running_var").values[0], 1.0 + 1e-3 - 1e-5, 1e-6);
}

TEST(Onnx, AFileThatIsNotOnnxIsAClearError) {
  try {
    import_onnx_bytes("this is not a protobuf", "junk.onnx", std::nullopt);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("junk.onnx: not an ONNX model"), std::string::npos) << e.what();
  }
  try {
    import_onnx_file("/nonexistent/x.onnx", std::nullopt);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.onnx: cannot open"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace imc::workloads

namespace imc::workloads {
namespace {

onnx::TensorProto& initializer_named(onnx::ModelProto& m, const std::string& name) {
  for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer())
    if (t.name() == name) return t;
  throw std::runtime_error("no initializer " + name);
}

// Impossible networks are import errors naming the node, not networks priced at -nan
// (issue 27, item 6).
TEST(Onnx, AWeightThatCannotFitItsInputIsAnImportError) {
  onnx::ModelProto m = small_model();  // input 2 channels, conv 'c' weight [4, 2, 3, 3]
  m.mutable_graph()
      ->mutable_input(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->mutable_dim(1)
      ->set_dim_value(1);
  std::string msg = import_error(m);
  EXPECT_NE(msg.find("node 'c' (Conv)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("takes 2 input channels, but its input"), std::string::npos) << msg;
  EXPECT_NE(msg.find("has 1"), std::string::npos) << msg;

  m = small_model();
  onnx::TensorProto& w = initializer_named(m, "c.weight");
  w.set_dims(0, 0);
  w.clear_raw_data();
  w.clear_float_data();
  msg = import_error(m);
  EXPECT_NE(msg.find("node 'c' (Conv)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("every dimension must be at least 1"), std::string::npos) << msg;

  m = small_model();
  m.mutable_graph()->clear_node();
  m.mutable_graph()->mutable_output(0)->set_name(m.graph().input(0).name());
  msg = import_error(m);
  EXPECT_NE(msg.find("no operator after its input"), std::string::npos) << msg;
}

}  // namespace
}  // namespace imc::workloads

namespace imc::workloads {
namespace {

onnx::NodeProto* add_node(onnx::ModelProto& m, const std::string& op, std::vector<std::string> inputs,
                          const std::string& output) {
  onnx::NodeProto* n = m.mutable_graph()->add_node();
  n->set_op_type(op);
  n->set_name(output + "_node");
  for (const std::string& in : inputs) n->add_input(in);
  n->add_output(output);
  return n;
}

onnx::TensorProto* add_int_initializer(onnx::ModelProto& m, const std::string& name, std::vector<int64_t> dims,
                                       std::vector<int64_t> values) {
  onnx::TensorProto* t = m.mutable_graph()->add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::INT64);
  for (int64_t d : dims) t->add_dims(d);
  for (int64_t v : values) t->add_int64_data(v);
  return t;
}

// What PyTorch's exporter writes around real networks (issue 26): an initializer linked back
// through Identity, a single-input Concat, and x.view(x.size(0), -1) as shape arithmetic.
TEST(Onnx, TheExportersShapeArithmeticAndAliasesFold) {
  onnx::ModelProto m = small_model();
  // The conv's bias through Identity, as the exporter links equal (all-zero) biases.
  onnx::NodeProto& conv = node_named(m, "c");
  ASSERT_EQ(conv.input_size(), 3);
  const std::string bias = conv.input(2);
  *m.mutable_graph()->mutable_node(0)->mutable_input(2) = "bias_alias";
  // The flatten becomes Concat(p) -> Reshape(to [Gather(Shape, 0), -1]), and the nodes that make
  // the shape go first, in graph order, where the exporter puts them.
  onnx::NodeProto& flatten = node_named(m, "f");
  const std::string pooled = flatten.input(0);
  const std::string flat = flatten.output(0);
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes = m.graph().node();
  m.mutable_graph()->clear_node();
  add_node(m, "Identity", {bias}, "bias_alias");
  add_int_initializer(m, "zero", {}, {0});
  add_int_initializer(m, "minus_one", {1}, {-1});
  for (const onnx::NodeProto& n : nodes) {
    if (n.name() != "f") {
      *m.mutable_graph()->add_node() = n;
      continue;
    }
    add_node(m, "Concat", {pooled}, "one_input_concat")->add_attribute()->set_name("axis");
    m.mutable_graph()
        ->mutable_node(m.graph().node_size() - 1)
        ->mutable_attribute(0)
        ->set_type(onnx::AttributeProto::INT);
    m.mutable_graph()->mutable_node(m.graph().node_size() - 1)->mutable_attribute(0)->set_i(1);
    add_node(m, "Shape", {"one_input_concat"}, "shape");
    add_node(m, "Gather", {"shape", "zero"}, "batch");
    add_node(m, "Unsqueeze", {"batch", "zero_axes"}, "batch_1d");
    add_int_initializer(m, "zero_axes", {1}, {0});
    add_node(m, "Concat", {"batch_1d", "minus_one"}, "target");
    add_node(m, "Reshape", {"one_input_concat", "target"}, flat);
  }
  m.mutable_graph()->set_name("torch_jit");
  const OnnxNet net = import_onnx_bytes(m.SerializeAsString(), "/some/dir/my_model.onnx", std::nullopt);
  const Network ir = Network::build(net.spec);
  EXPECT_EQ(ir.layer(ir.find("c")).spec.bias, true);
  EXPECT_EQ(net.weights.at("c.bias").values.size(), 4u);
  // input c bn r p, the reshape as a flatten, fc: no layer for the Concat or the arithmetic.
  ASSERT_EQ(ir.layers().size(), 7u);
  EXPECT_EQ(ir.layers()[5].kind(), LayerKind::Flatten);
  EXPECT_EQ(ir.layers()[5].producers, (std::vector<int>{4}));
  EXPECT_EQ(ir.output().out.elements(), 3);
  // The exporter's default graph name gives way to the file's.
  EXPECT_EQ(net.spec.name, "my_model");
}

TEST(Onnx, ACeilModePoolImportsAndRoundTrips) {
  onnx::ModelProto m = small_model();  // 8x8 -> conv (pad 1) 8x8 -> maxpool 2: 4x4
  set_ints(node_named(m, "p"), "kernel_shape", {3, 3});
  set_ints(node_named(m, "p"), "strides", {2, 2});
  set_int(node_named(m, "p"), "ceil_mode", 1);
  initializer_named(m, "fc.weight").clear_float_data();
  // The linear layer's weight must follow the pool's output: 4x4x4 with ceil_mode, 3x3x4 without.
  onnx::TensorProto& w = initializer_named(m, "fc.weight");
  w.clear_raw_data();
  w.set_dims(w.dims(0) == 3 ? 1 : 0, 64);
  for (int i = 0; i < 3 * 64; ++i) w.add_float_data(0.01f * i);
  const OnnxNet net = import_onnx_bytes(m.SerializeAsString(), "ceil.onnx", std::nullopt);
  const Network ir = Network::build(net.spec);
  EXPECT_TRUE(ir.layer(ir.find("p")).spec.ceil_mode);
  EXPECT_EQ(ir.layer(ir.find("p")).out.str(), "4x4x4");
  expect_same_ir(ir, Network::build(round_trip(ir, net.weights).spec));
  expect_same_ir(ir, Network::build(config::parse_net_text(config::net_spec_toml(net.spec), "ceil.toml")));
}

// issue 26: grouped and depthwise convs (MobileNet, ShuffleNet) import with their group.
TEST(Onnx, GroupedAndDepthwiseConvsRoundTrip) {
  const Network net = Network::build(config::parse_net_text(R"(name = "grouped"
[[layer]]
name = "input"
kind = "input"
height = 6
width = 6
channels = 4
[[layer]]
name = "dw"
kind = "conv2d"
out_channels = 8
kernel = 3
padding = 1
groups = 4
[[layer]]
name = "gc"
kind = "conv2d"
out_channels = 4
kernel = 1
groups = 2
)",
                                                            "grouped.toml"));
  const NetWeights weights = initial_weights(net, 3);
  EXPECT_EQ(weights.at("dw.weight").dims, (std::vector<int64_t>{8, 1, 3, 3}));
  EXPECT_EQ(weights.at("gc.weight").dims, (std::vector<int64_t>{4, 4, 1, 1}));
  const OnnxNet back = round_trip(net, weights);
  const Network ir = Network::build(back.spec);
  expect_same_ir(net, ir);
  EXPECT_EQ(ir.layer(ir.find("dw")).spec.groups, 4);
  EXPECT_EQ(back.weights.at("dw.weight").values, weights.at("dw.weight").values);
  expect_same_ir(net, Network::build(config::parse_net_text(config::net_spec_toml(back.spec), "grouped.toml")));
}

// issue 26: MobileNetV2's ReLU6 exports as Clip(x, 0, 6): a relu with max = 6, both ways.
TEST(Onnx, AClipFromZeroIsAReluWithAMaxAndRoundTrips) {
  onnx::ModelProto m = small_model();
  const Network plain = Network::build(import_onnx_bytes(m.SerializeAsString(), "m.onnx", std::nullopt).spec);
  config::NetSpec spec = plain.spec();
  for (config::LayerSpec& l : spec.layers)
    if (l.name == "r") l.relu_max = 6;
  const Network six = Network::build(spec);
  onnx::ModelProto exported;
  ASSERT_TRUE(exported.ParseFromString(export_onnx_bytes(six, initial_weights(six, 1), "test")));
  EXPECT_EQ(node_named(exported, "r").op_type(), "Clip");
  const Network back = Network::build(round_trip(six, initial_weights(six, 1)).spec);
  expect_same_ir(six, back);
  EXPECT_DOUBLE_EQ(back.layer(back.find("r")).spec.relu_max, 6);
  expect_same_ir(six, Network::build(config::parse_net_text(config::net_spec_toml(six.spec()), "six.toml")));

  // A Clip that does not start at 0 is not a ReLU: refused, naming the node and the bound.
  initializer_named(exported, "r.min").set_raw_data(std::string("\0\0\x80\x3f", 4));  // 1.0f
  const std::string error = import_error(exported);
  EXPECT_NE(error.find("node 'r' (Clip)"), std::string::npos) << error;
  EXPECT_NE(error.find("its min must be 0 (it is 1"), std::string::npos) << error;
}

/// Puts `n` into m's node list just before the node named `before` (ONNX lists nodes in order).
void insert_before(onnx::ModelProto& m, const std::string& before, const onnx::NodeProto& n) {
  onnx::GraphProto& g = *m.mutable_graph();
  std::vector<onnx::NodeProto> nodes(g.node().begin(), g.node().end());
  g.clear_node();
  for (const onnx::NodeProto& x : nodes) {
    if (x.name() == before) *g.add_node() = n;
    *g.add_node() = x;
  }
}

onnx::NodeProto pad_node(const std::string& from, const std::string& to, const std::vector<int64_t>& pads,
                         onnx::ModelProto& m) {
  onnx::TensorProto& t = *m.mutable_graph()->add_initializer();
  t.set_name(to + "_pads");
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_dims(static_cast<int64_t>(pads.size()));
  for (int64_t v : pads) t.add_int64_data(v);
  onnx::NodeProto n;
  n.set_op_type("Pad");
  n.set_name(to);
  n.add_input(from);
  n.add_input(to + "_pads");
  n.add_output(to);
  return n;
}

// issue 26: a zero Pad before a conv or an average pool is its padding; densenet's all-zero
// Pad is an alias; before a max pool (which pads with -inf) it is refused.
TEST(Onnx, AZeroPadFoldsIntoTheConvThatReadsIt) {
  const Network plain = Network::build(import_onnx_bytes(small_model().SerializeAsString(), "s.onnx", {}).spec);
  onnx::ModelProto m = small_model();
  onnx::NodeProto& c = node_named(m, "c");
  set_ints(c, "pads", {0, 0, 0, 0});
  const std::string image = c.input(0);
  c.set_input(0, "padded");
  insert_before(m, "c", pad_node(image, "padded", {0, 0, 1, 1, 0, 0, 1, 1}, m));
  const Network folded = Network::build(import_onnx_bytes(m.SerializeAsString(), "pad.onnx", {}).spec);
  EXPECT_EQ(folded.layer(1).spec.padding, config::Padding::uniform(1));
  EXPECT_EQ(folded.total_macs(), plain.total_macs());
  EXPECT_EQ(folded.output().out, plain.output().out);

  onnx::ModelProto zero = small_model();
  node_named(zero, "p").set_input(0, "r_same");
  insert_before(zero, "p", pad_node("r", "r_same", std::vector<int64_t>(8, 0), zero));
  EXPECT_EQ(Network::build(import_onnx_bytes(zero.SerializeAsString(), "zero.onnx", {}).spec).total_macs(),
            plain.total_macs());

  onnx::ModelProto before_max = small_model();
  node_named(before_max, "p").set_input(0, "r_pad");
  insert_before(before_max, "p", pad_node("r", "r_pad", {0, 0, 1, 1, 0, 0, 1, 1}, before_max));
  std::string error = import_error(before_max);
  EXPECT_NE(error.find("node 'p' (MaxPool)"), std::string::npos) << error;
  EXPECT_NE(error.find("comes from a Pad"), std::string::npos) << error;

  // PyTorch's avg_pool2d adds an all-zero Pad of its own after an F.pad: the two add up.
  onnx::ModelProto twice = small_model();
  onnx::NodeProto& c2 = node_named(twice, "c");
  set_ints(c2, "pads", {0, 0, 0, 0});
  c2.set_input(0, "padded_again");
  insert_before(twice, "c", pad_node(image, "padded", {0, 0, 1, 1, 0, 0, 1, 1}, twice));
  insert_before(twice, "c", pad_node("padded", "padded_again", std::vector<int64_t>(8, 0), twice));
  EXPECT_EQ(Network::build(import_onnx_bytes(twice.SerializeAsString(), "twice.onnx", {}).spec).layer(1).spec.padding,
            config::Padding::uniform(1));

  onnx::ModelProto channels = small_model();
  node_named(channels, "p").set_input(0, "r_pad");
  insert_before(channels, "p", pad_node("r", "r_pad", {0, 1, 0, 0, 0, 0, 0, 0}, channels));
  error = import_error(channels);
  EXPECT_NE(error.find("node 'r_pad' (Pad)"), std::string::npos) << error;
  EXPECT_NE(error.find("H and W only"), std::string::npos) << error;
}

onnx::NodeProto simple_node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output) {
  onnx::NodeProto n;
  n.set_op_type(op);
  n.set_name(output);
  for (const std::string& in : inputs) n.add_input(in);
  n.add_output(output);
  return n;
}

// issue 26: PyTorch 1.13 writes F.pad(x, (1, 1, 0, 2)) as index arithmetic on its pads (W
// first, begin and end interleaved) before the Pad: ConstantOfShape, Concat, Reshape to
// [-1, 2], Slice with step -1, Transpose, Reshape to [-1], Cast. Folded, it is ONNX's order
// [0, 0, 0, 1, 0, 0, 2, 1]: top 0, left 1, bottom 2, right 1.
TEST(Onnx, PyTorchsPadArithmeticFoldsToThePads) {
  onnx::ModelProto m = small_model();  // input 8x8x2, conv c (3x3, pads 1)
  onnx::NodeProto& c = node_named(m, "c");
  set_ints(c, "pads", {0, 0, 0, 0});
  const std::string image = c.input(0);
  c.set_input(0, "padded");
  add_int_initializer(m, "four", {1}, {4});
  add_int_initializer(m, "torch_pads", {4}, {1, 1, 0, 2});
  add_int_initializer(m, "pairs", {2}, {-1, 2});
  add_int_initializer(m, "minus_one", {1}, {-1});
  add_int_initializer(m, "lowest", {1}, {-9223372036854775807});
  add_int_initializer(m, "axis0", {1}, {0});
  onnx::NodeProto zeros = simple_node("ConstantOfShape", {"four"}, "zeros");
  onnx::AttributeProto* value = zeros.add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto::TENSOR);
  value->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  value->mutable_t()->add_dims(1);
  value->mutable_t()->add_int64_data(0);
  onnx::NodeProto concat = simple_node("Concat", {"torch_pads", "zeros"}, "all");
  set_int(concat, "axis", 0);
  onnx::NodeProto transpose = simple_node("Transpose", {"reversed"}, "by_side");
  set_ints(transpose, "perm", {1, 0});
  onnx::NodeProto cast = simple_node("Cast", {"flat"}, "onnx_pads");
  set_int(cast, "to", onnx::TensorProto::INT64);
  onnx::NodeProto pad = simple_node("Pad", {image, "onnx_pads"}, "padded");
  for (const onnx::NodeProto& n :
       {zeros, concat, simple_node("Reshape", {"all", "pairs"}, "pairs_2d"),
        simple_node("Slice", {"pairs_2d", "minus_one", "lowest", "axis0", "minus_one"}, "reversed"), transpose,
        simple_node("Reshape", {"by_side", "minus_one"}, "flat"), cast, pad})
    insert_before(m, "c", n);
  const Network net = Network::build(import_onnx_bytes(m.SerializeAsString(), "torch_pad.onnx", {}).spec);
  EXPECT_EQ(net.layer(1).spec.padding, (config::Padding{0, 1, 2, 1}));
  EXPECT_EQ(net.layer(1).out.str(), "8x8x4");
}

// issue 26: TensorFlow's SAME padding of an even kernel pads one more row and column at the
// end; ONNX writes it as pads [top, left, bottom, right], and a Pad can be lopsided too.
TEST(Onnx, UnequalPadsAreKeptPerSideAndRoundTrip) {
  onnx::ModelProto m = small_model();  // input 8x8x2, conv c (3x3, pads 1), maxpool p (2x2)
  set_ints(node_named(m, "c"), "pads", {0, 1, 2, 1});
  set_ints(node_named(m, "p"), "pads", {0, 0, 1, 1});
  const OnnxNet net = import_onnx_bytes(m.SerializeAsString(), "same.onnx", std::nullopt);
  const Network ir = Network::build(net.spec);
  EXPECT_EQ(ir.layer(ir.find("c")).spec.padding, (config::Padding{0, 1, 2, 1}));
  EXPECT_EQ(ir.layer(ir.find("c")).out.str(), "8x8x4");  // 8 + 0 + 2 - 3 + 1 rows, 8 + 1 + 1 - 3 + 1 columns
  EXPECT_EQ(ir.layer(ir.find("p")).out.str(), "4x4x4");  // (8 + 1 - 2) / 2 + 1
  expect_same_ir(ir, Network::build(round_trip(ir, net.weights).spec));
  expect_same_ir(ir, Network::build(config::parse_net_text(config::net_spec_toml(net.spec), "same.toml")));

  onnx::ModelProto lopsided = small_model();
  onnx::NodeProto& c = node_named(lopsided, "c");
  set_ints(c, "pads", {0, 0, 0, 0});
  const std::string image = c.input(0);
  c.set_input(0, "padded");
  insert_before(lopsided, "c", pad_node(image, "padded", {0, 0, 0, 1, 0, 0, 2, 1}, lopsided));
  const Network folded = Network::build(import_onnx_bytes(lopsided.SerializeAsString(), "pad.onnx", {}).spec);
  EXPECT_EQ(folded.layer(1).spec.padding, (config::Padding{0, 1, 2, 1}));  // N, C, H, W begins, then ends
  EXPECT_EQ(folded.layer(1).out.str(), "8x8x4");
}

// issue 26: shufflenet ends with x.mean([2, 3]), a ReduceMean over H and W.
TEST(Onnx, ReduceMeanOverHeightAndWidthIsAGlobalAveragePool) {
  onnx::ModelProto m = small_model();
  onnx::NodeProto& p = node_named(m, "p");
  p.set_op_type("ReduceMean");
  p.clear_attribute();
  set_ints(p, "axes", {-1, -2});
  set_int(p, "keepdims", 0);
  node_named(m, "fc").set_input(0, "p");  // [N, C] straight into the Gemm
  onnx::GraphProto& g = *m.mutable_graph();
  std::vector<onnx::NodeProto> nodes(g.node().begin(), g.node().end());
  g.clear_node();
  for (const onnx::NodeProto& n : nodes)
    if (n.name() != "f") *g.add_node() = n;
  onnx::TensorProto& w = initializer_named(m, "fc.weight");  // [3, 4]: the Gemm reads 4 means
  w.clear_raw_data();
  w.clear_float_data();
  w.set_dims(1, 4);
  for (int i = 0; i < 3 * 4; ++i) w.add_float_data(0.1f * i);
  const Network net = Network::build(import_onnx_bytes(m.SerializeAsString(), "mean.onnx", {}).spec);
  const Layer* pool = nullptr;
  for (const Layer& l : net.layers())
    if (l.kind() == LayerKind::AvgPool) pool = &l;
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->spec.kernel, 8);  // the whole 8x8 map
  EXPECT_EQ(pool->out, (Shape{1, 1, 4, false}));
  EXPECT_EQ(net.output().in.channels, 4);  // the Gemm reads the 4 means

  set_ints(node_named(m, "p"), "axes", {1});
  const std::string error = import_error(m);
  EXPECT_NE(error.find("node 'p' (ReduceMean)"), std::string::npos) << error;
  EXPECT_NE(error.find("axes"), std::string::npos) << error;
}

// issue 26: every activation and the squeeze-and-excitation product survive export and import;
// hard_swish and silu go out as PyTorch's exporter writes them (x * HardSigmoid(x), x *
// Sigmoid(x)) and come back as one layer.
TEST(Onnx, ActivationsAndProductsRoundTrip) {
  std::string toml = "name = \"act\"\n" + std::string(kInputAndConv);
  for (const char* f : {"sigmoid", "hard_sigmoid", "hard_swish", "silu"})
    toml += std::string("[[layer]]\nname = \"") + f + "\"\nkind = \"activation\"\nfunction = \"" + f + "\"\n";
  toml +=
      "[[layer]]\nname = \"squeeze\"\nkind = \"avgpool\"\nkernel = 8\n"
      "[[layer]]\nname = \"scale\"\nkind = \"mul\"\ninputs = [\"silu\", \"squeeze\"]\n";
  const Network net = Network::build(config::parse_net_text(toml, "act.toml"));
  const std::string bytes = export_onnx_bytes(net, initial_weights(net, 1), "test");
  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(bytes));
  std::map<std::string, int> ops;
  for (const onnx::NodeProto& n : m.graph().node()) ++ops[n.op_type()];
  EXPECT_EQ(ops["Sigmoid"], 2);      // sigmoid, and silu's gate
  EXPECT_EQ(ops["HardSigmoid"], 2);  // hard_sigmoid, and hard_swish's gate
  EXPECT_EQ(ops["Mul"], 3);          // the two gates and the product
  expect_same_ir(net, Network::build(import_onnx_bytes(bytes, "act.onnx", std::nullopt).spec));

  // A gate that another node also reads stays a layer of its own, and the Mul a product.
  onnx::NodeProto extra;
  extra.set_op_type("Relu");
  extra.set_name("reads_gate");
  extra.add_input("silu_gate");
  extra.add_output("reads_gate");
  insert_before(m, "squeeze", extra);
  node_named(m, "squeeze").set_input(0, "reads_gate");
  const Network unfused = Network::build(import_onnx_bytes(m.SerializeAsString(), "g.onnx", std::nullopt).spec);
  EXPECT_EQ(unfused.layer(unfused.find("silu_gate")).spec.activation, config::Activation::Sigmoid);
  EXPECT_EQ(unfused.layer(unfused.find("silu")).kind(), LayerKind::Mul);

  // ONNX's own HardSigmoid default (alpha 0.2) is not PyTorch's: refused, naming the attribute.
  for (onnx::NodeProto& n : *m.mutable_graph()->mutable_node())
    if (n.op_type() == "HardSigmoid") n.clear_attribute();
  const std::string error = import_error(m);
  EXPECT_NE(error.find("(HardSigmoid): attribute 'alpha': must be 1/6"), std::string::npos) << error;
}

// shufflenet's blocks read one branch to its end, then the other: the first is an open end while
// the second's layers are read (it once failed as a prefix with two outputs).
TEST(Onnx, ABranchLeftOpenWhileAnotherIsReadImports) {
  const std::string toml = R"(name = "branches"
[[layer]]
name = "input"
kind = "input"
height = 8
width = 8
channels = 2
[[layer]]
name = "a"
kind = "conv2d"
out_channels = 4
kernel = 1
inputs = ["input"]
[[layer]]
name = "b"
kind = "conv2d"
out_channels = 4
kernel = 1
inputs = ["input"]
[[layer]]
name = "c"
kind = "conv2d"
out_channels = 4
kernel = 3
padding = 1
[[layer]]
name = "cat"
kind = "concat"
inputs = ["a", "c"]
)";
  const Network net = Network::build(config::parse_net_text(toml, "branches.toml"));
  expect_same_ir(net, Network::build(round_trip(net, initial_weights(net, 1)).spec));
}

// issue 26: a wrong channel count in --input, and PyTorch's CxHxW order, say what to write.
TEST(Onnx, AnInputWithTheWrongChannelsSaysWhichInputToGive) {
  const onnx::ModelProto m = small_model();  // 8x8x2 input, conv weight [4, 2, 3, 3]
  std::string msg = import_error(m, Shape{8, 8, 5, false});
  EXPECT_NE(msg.find("takes 2 input channels"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the network needs --input 8x8x2"), std::string::npos) << msg;
  msg = import_error(m, Shape{2, 8, 8, false});  // --input 2x8x8: channels first
  EXPECT_NE(msg.find("CxHxW"), std::string::npos) << msg;
  EXPECT_NE(msg.find("write --input 8x8x2"), std::string::npos) << msg;
}

TEST(Onnx, AGraphNamedByItsAuthorKeepsItsName) {
  onnx::ModelProto m = small_model();
  m.mutable_graph()->set_name("torch_jit");
  EXPECT_EQ(import_onnx_bytes(m.SerializeAsString(), "resnet.onnx", std::nullopt).spec.name, "resnet");
  m.mutable_graph()->set_name("my_net");
  EXPECT_EQ(import_onnx_bytes(m.SerializeAsString(), "resnet.onnx", std::nullopt).spec.name, "my_net");
}

// issue 26: ShuffleNet's block, a channel split, one branch, a concat and a channel shuffle.
const char* const kShuffleBlock = R"(name = "shuffle"
[[layer]]
name = "input"
kind = "input"
height = 8
width = 8
channels = 4
[[layer]]
name = "x1"
kind = "slice"
begin = 0
end = 2
[[layer]]
name = "x2"
kind = "slice"
inputs = ["input"]
begin = 2
end = 4
[[layer]]
name = "branch"
kind = "conv2d"
out_channels = 2
kernel = 3
padding = 1
[[layer]]
name = "cat"
kind = "concat"
inputs = ["x1", "branch"]
[[layer]]
name = "shuffled"
kind = "channel_shuffle"
groups = 2
)";

TEST(Onnx, ChannelSlicesAndShufflesRoundTripThroughOnnxAndToml) {
  const Network net = Network::build(config::parse_net_text(kShuffleBlock, "shuffle.toml"));
  EXPECT_EQ(net.layer(net.find("x2")).out.channels, 2);
  EXPECT_EQ(net.output().out, (Shape{8, 8, 4, false}));
  expect_same_ir(net, Network::build(round_trip(net, initial_weights(net, 1)).spec));
  expect_same_ir(net, Network::build(config::parse_net_text(config::net_spec_toml(net.spec()), "w.toml")));
}

// What torch.onnx.export writes for x.chunk(2, dim=1): a Split with two outputs.
TEST(Onnx, ASplitIsOneSliceLayerPerOutput) {
  const Network net = Network::build(config::parse_net_text(kShuffleBlock, "shuffle.toml"));
  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(export_onnx_bytes(net, initial_weights(net, 1), "test")));
  onnx::GraphProto& g = *m.mutable_graph();
  std::vector<onnx::NodeProto> nodes(g.node().begin(), g.node().end());
  g.clear_node();
  add_int_initializer(m, "halves", {2}, {2, 2});
  onnx::NodeProto* split = add_node(m, "Split", {"input", "halves"}, "x1");
  split->add_output("x2");
  set_int(*split, "axis", 1);
  for (const onnx::NodeProto& n : nodes)
    if (n.op_type() != "Slice") *g.add_node() = n;
  const Network back = Network::build(import_onnx_bytes(m.SerializeAsString(), "split.onnx", std::nullopt).spec);
  EXPECT_EQ(back.total_macs(), net.total_macs());
  const Layer& sliced = back.layer(back.layer(back.find("branch")).producers.front());
  EXPECT_EQ(sliced.kind(), LayerKind::Slice);
  EXPECT_EQ(sliced.spec.slice_begin, 2);
  EXPECT_EQ(sliced.spec.slice_end, 4);

  // Sizes that do not sum to the channels.
  g.mutable_initializer(g.initializer_size() - 1)->set_int64_data(1, 3);
  std::string error = import_error(m);
  EXPECT_NE(error.find("splits 4 channels into [2, 3]"), std::string::npos) << error;
}

// A Transpose or a 5-D Reshape that is not a channel shuffle is refused, naming the pattern.
TEST(Onnx, ATransposeOutsideAChannelShuffleIsRefused) {
  const Network net = Network::build(config::parse_net_text(kShuffleBlock, "shuffle.toml"));
  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(export_onnx_bytes(net, initial_weights(net, 1), "test")));
  for (onnx::NodeProto& n : *m.mutable_graph()->mutable_node())
    if (n.op_type() == "Transpose") set_ints(n, "perm", {0, 1, 2, 4, 3});
  std::string error = import_error(m);
  EXPECT_NE(error.find("(Transpose): imcnas reads a Transpose only inside a channel shuffle"), std::string::npos)
      << error;

  ASSERT_TRUE(m.ParseFromString(export_onnx_bytes(net, initial_weights(net, 1), "test")));
  for (onnx::NodeProto& n : *m.mutable_graph()->mutable_node())
    if (n.op_type() == "Transpose") {
      n.set_op_type("Relu");
      n.clear_attribute();
    }
  error = import_error(m);
  EXPECT_NE(error.find("is a 5-D view of channels"), std::string::npos) << error;
}

// ONNX's AveragePool leaves the padding out of the divisor unless count_include_pad = 1
// (PyTorch writes 1, its default); both are kept, written back, and read from TOML.
TEST(Onnx, AnAveragePoolsCountIncludePadRoundTripsAndDefaultsAsOnnxSays) {
  const std::string toml = "name = \"avg\"\n" + std::string(kInputAndConv) +
                           "[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 3\nstride = 1\npadding = 1\n"
                           "count_include_pad = false\n";
  const Network net = Network::build(config::parse_net_text(toml, "avg.toml"));
  EXPECT_FALSE(net.output().spec.count_include_pad);
  expect_same_ir(net, Network::build(round_trip(net, initial_weights(net, 1)).spec));
  expect_same_ir(net, Network::build(config::parse_net_text(config::net_spec_toml(net.spec()), "w.toml")));

  config::NetSpec counted = net.spec();
  counted.layers.back().count_include_pad = true;
  onnx::ModelProto m;
  ASSERT_TRUE(m.ParseFromString(export_onnx_bytes(Network::build(counted), initial_weights(net, 1), "test")));
  EXPECT_TRUE(Network::build(import_onnx_bytes(m.SerializeAsString(), "a.onnx", std::nullopt).spec)
                  .output()
                  .spec.count_include_pad);
  node_named(m, "p").clear_attribute();  // ONNX's default: 0
  set_ints(node_named(m, "p"), "kernel_shape", {3, 3});
  set_ints(node_named(m, "p"), "pads", {1, 1, 1, 1});
  EXPECT_FALSE(Network::build(import_onnx_bytes(m.SerializeAsString(), "a.onnx", std::nullopt).spec)
                   .output()
                   .spec.count_include_pad);
}

}  // namespace
}  // namespace imc::workloads
