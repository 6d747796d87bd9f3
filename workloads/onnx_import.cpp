// SPDX-License-Identifier: MIT
#include "workloads/onnx_import.h"

#include <onnx/onnx_pb.h>

#include <cctype>
#include <fstream>

#include "workloads/network.h"
#include "workloads/onnx/import_context.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/shapes_only_reader.h"

namespace imc::workloads {
namespace {

using onnx_import::ImportContext;

std::string supported_ops() { return config::joined_names(onnx_import::op_readers().names()); }

void read_node(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  if (!node.domain().empty() && node.domain() != "ai.onnx") {
    throw NetworkError(ctx.where(node) + "is in domain '" + node.domain() + "'; supported ops: " + supported_ops());
  }
  const auto& readers = onnx_import::op_readers();
  if (!readers.contains(node.op_type())) {
    throw NetworkError(ctx.where(node) + "op '" + node.op_type() +
                       "' is not supported; supported ops: " + supported_ops());
  }
  if (node.op_type() != "Split") ctx.expect_one_output(node);  // Split: one layer per output
  readers.at(node.op_type())(node, index, ctx);
}

OnnxNet import_model(const onnx::ModelProto& model, const std::string& source, const std::optional<Shape>& input,
                     OnnxWeights weights) {
  if (!model.has_graph()) throw NetworkError(source + ": the ONNX model has no graph");
  ImportContext ctx(model, source, input, weights);
  ctx.read_input();
  for (int i = 0; i < model.graph().node_size(); ++i) read_node(model.graph().node(i), i, ctx);
  ctx.check_output();
  ctx.read_layer_bits();
  OnnxNet net = ctx.take();
  Network::build(net.spec);  // check the whole graph now, naming the node where it fails
  return net;
}

}  // namespace

bool is_onnx_path(const std::string& path) {
  if (path.size() <= 5) return false;
  std::string ext = path.substr(path.size() - 5);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".onnx";
}

OnnxNet import_onnx_bytes(const std::string& bytes, const std::string& source, const std::optional<Shape>& input,
                          OnnxWeights weights) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes)) throw NetworkError(source + ": not an ONNX model (the protobuf does not parse)");
  return import_model(model, source, input, weights);
}

OnnxNet import_onnx_stream(std::istream& in, const std::string& source, const std::optional<Shape>& input,
                           OnnxWeights weights) {
  // Parsed from the stream, not from a copy of the file in memory: a 500 MB model would need
  // the file's size twice over before its weights are even read. Without the weights, their
  // payloads are not even kept (onnx/shapes_only_reader.h).
  onnx::ModelProto model;
  std::string why = "the protobuf does not parse";
  const bool parsed =
      weights == OnnxWeights::Skip ? onnx_import::parse_model_shapes_only(in, model, why) : model.ParseFromIstream(&in);
  if (!parsed) {
    if (in.bad()) throw NetworkError(source + ": cannot read the ONNX file");
    throw NetworkError(source + ": not an ONNX model (" + why + ")");
  }
  return import_model(model, source, input, weights);
}

OnnxNet import_onnx_file(const std::string& path, const std::optional<Shape>& input, OnnxWeights weights) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NetworkError(path + ": cannot open the ONNX file");
  return import_onnx_stream(in, path, input, weights);
}

}  // namespace imc::workloads
