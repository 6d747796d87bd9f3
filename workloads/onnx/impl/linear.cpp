// SPDX-License-Identifier: MIT
// Gemm and MatMul: a linear layer ([out, in] weight); a MatMul's bias may follow as an Add.
#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/tensors.h"

namespace imc::workloads::onnx_import {
namespace {

/// A linear layer whose ONNX weight is [in, out] (transposed) or [out, in].
config::LayerSpec& add_linear(const onnx::NodeProto& node, int index, ImportContext& ctx, WeightTensor weight,
                              bool in_by_out) {
  if (weight.dims.size() != 2) throw NetworkError(ctx.where(node) + "expected a 2-D weight");
  ctx.check_weight_dims(node, weight);
  if (in_by_out && !weight.values.empty()) {
    const int64_t in = weight.dims[0], out = weight.dims[1];
    std::vector<float> t(weight.values.size());
    for (int64_t i = 0; i < in; ++i) {
      for (int64_t o = 0; o < out; ++o)
        t[static_cast<size_t>(o * in + i)] = weight.values[static_cast<size_t>(i * out + o)];
    }
    weight = WeightTensor{{out, in}, std::move(t)};
  } else if (in_by_out) {
    weight.dims = {weight.dims[1], weight.dims[0]};  // shapes only
  }
  const std::string from = ctx.layer_of(node, node.input(0));
  const Shape in = ctx.shape_of(from);
  if (in.elements() != weight.dims[1])
    throw NetworkError(ctx.where(node) + "its weight " + dims_text({weight.dims[0], weight.dims[1]}) +
                       " ([out, in]) takes " + std::to_string(weight.dims[1]) + " inputs, but its input '" +
                       node.input(0) + "' has " + std::to_string(in.elements()) +
                       (in.flat ? "" : " (" + in.str() + ")"));
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::Linear, {from});
  l.out_channels = static_cast<int>(weight.dims[0]);
  l.bias = false;
  ctx.store_weight(l.name + ".weight", std::move(weight));
  return l;
}

}  // namespace

void read_gemm(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"alpha", "beta", "transA", "transB"}, ctx.where(node));
  ctx.expect_inputs(node, 2, 3);
  if (attrs.integer("transA", 0) != 0) attrs.fail("transA", "must be 0");
  if (attrs.real("alpha", 1.0) != 1.0) attrs.fail("alpha", "must be 1");
  if (attrs.real("beta", 1.0) != 1.0) attrs.fail("beta", "must be 1");
  const bool trans_b = attrs.integer("transB", 0) != 0;
  config::LayerSpec& l = add_linear(node, index, ctx, ctx.weight(node, 1, "weight B"), !trans_b);
  if (node.input_size() == 3 && !node.input(2).empty()) {
    l.bias = true;
    ctx.set_vector(l.name + ".bias", ctx.weight(node, 2, "bias C"), l.out_channels, node);
  }
}

void read_matmul(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 2, 2);
  const config::LayerSpec& l = add_linear(node, index, ctx, ctx.weight(node, 1, "weight B"), true);
  ctx.bias_free_linear()[node.output(0)] = l.name;
}

}  // namespace imc::workloads::onnx_import
