// SPDX-License-Identifier: MIT
// The shapes-only ONNX reader: it leaves out large float payloads as they stream past, keeps
// everything else, and gives the same network as a full import.
#include "workloads/onnx/shapes_only_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "workloads/library.h"
#include "workloads/network.h"
#include "workloads/onnx_export.h"
#include "workloads/onnx_import.h"

namespace imc::workloads {
namespace {

std::string exported(const std::string& name) {
  const Network net = load_network(NetRequest{name, {}, {}, 256});
  return export_onnx_bytes(net, initial_weights(net, 3), "test");
}

TEST(ShapesOnlyReader, LeavesOutLargeFloatPayloadsAndKeepsTheRest) {
  const std::string bytes = exported("vgg8");
  onnx::ModelProto full, shapes;
  ASSERT_TRUE(full.ParseFromString(bytes));
  std::istringstream in(bytes);
  std::string error;
  ASSERT_TRUE(onnx_import::parse_model_shapes_only(in, shapes, error)) << error;
  ASSERT_EQ(shapes.graph().initializer_size(), full.graph().initializer_size());
  int dropped = 0, kept = 0;
  for (int i = 0; i < full.graph().initializer_size(); ++i) {
    const onnx::TensorProto &a = full.graph().initializer(i), &b = shapes.graph().initializer(i);
    SCOPED_TRACE(a.name());
    EXPECT_EQ(a.name(), b.name());
    EXPECT_EQ(std::vector<int64_t>(a.dims().begin(), a.dims().end()),
              std::vector<int64_t>(b.dims().begin(), b.dims().end()));
    EXPECT_EQ(a.data_type(), b.data_type());
    const size_t payload = a.raw_data().size() + 4 * size_t(a.float_data_size());
    if (payload > onnx_import::kShapesOnlyKeepBytes) {
      EXPECT_TRUE(b.raw_data().empty() && b.float_data_size() == 0);
      ++dropped;
    } else {
      EXPECT_EQ(a.raw_data(), b.raw_data());
      EXPECT_EQ(a.float_data_size(), b.float_data_size());
      ++kept;
    }
  }
  EXPECT_GT(dropped, 0);
  EXPECT_GT(kept, 0);  // biases and batchnorm vectors of up to 1,024 floats
  EXPECT_EQ(shapes.graph().node_size(), full.graph().node_size());
  EXPECT_LT(shapes.ByteSizeLong(), bytes.size() / 20);
}

TEST(ShapesOnlyReader, GivesTheNetworkOfAFullImport) {
  for (const char* name : {"vgg8", "resnet18", "mobilenet", "nacim"}) {
    SCOPED_TRACE(name);
    const std::string bytes = exported(name);
    std::istringstream in(bytes);
    const OnnxNet shapes = import_onnx_stream(in, "s.onnx", std::nullopt, OnnxWeights::Skip);
    EXPECT_TRUE(shapes.weights.empty());
    const Network a = Network::build(import_onnx_bytes(bytes, "s.onnx", std::nullopt).spec);
    const Network b = Network::build(shapes.spec);
    ASSERT_EQ(a.layers().size(), b.layers().size());
    for (size_t i = 0; i < a.layers().size(); ++i) {
      EXPECT_EQ(a.layers()[i].name(), b.layers()[i].name());
      EXPECT_EQ(a.layers()[i].out, b.layers()[i].out);
      EXPECT_EQ(a.layers()[i].macs, b.layers()[i].macs);
      EXPECT_DOUBLE_EQ(a.layers()[i].spec.relu_max, b.layers()[i].spec.relu_max);  // a Clip's kept bound
    }
    EXPECT_EQ(a.total_params(), b.total_params());
  }
}

TEST(ShapesOnlyReader, ATruncatedOrCorruptStreamIsAnErrorNotACrash) {
  const std::string bytes = exported("lenet");
  for (const std::string& broken :
       {bytes.substr(0, bytes.size() / 2), std::string("\x3a\xff\xff\xff\xff\x0f", 6),  // graph of 4 GB, then nothing
        std::string("\x3b", 1)}) {                                                      // wire type 3 (a group)
    std::istringstream in(broken);
    onnx::ModelProto m;
    std::string error;
    EXPECT_FALSE(onnx_import::parse_model_shapes_only(in, m, error));
    EXPECT_FALSE(error.empty());
  }
  std::istringstream in(bytes.substr(0, bytes.size() / 2));
  try {
    import_onnx_stream(in, "cut.onnx", std::nullopt, OnnxWeights::Skip);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.onnx: not an ONNX model (the file ends inside"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace imc::workloads
