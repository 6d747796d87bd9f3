// SPDX-License-Identifier: MIT
// Ops that route or reshape values: Relu, Clip, Add, Concat, Flatten, Reshape, Dropout, Identity.
#include <optional>

#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/tensors.h"

namespace imc::workloads::onnx_import {

void read_relu(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  ctx.add_layer(node, index, config::LayerKind::Relu, {ctx.layer_of(node, node.input(0))});
}

// Clip(x, 0, max): a ReLU with an upper bound (PyTorch's ReLU6 exports as Clip(x, 0, 6)).
void read_clip(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"min", "max"}, ctx.where(node));  // opset < 11 gives the bounds as attributes
  ctx.expect_inputs(node, 1, 3);
  auto bound = [&](int input, const char* name) -> std::optional<double> {
    if (node.input_size() > input && !node.input(input).empty()) {
      const WeightTensor t = float_tensor(ctx.constant(node, input, name), ctx.where(node));
      if (t.values.size() != 1) throw NetworkError(ctx.where(node) + "its " + name + " must be a scalar");
      return t.values[0];
    }
    if (attrs.has(name)) return attrs.real(name, 0);
    return std::nullopt;
  };
  const std::optional<double> lo = bound(1, "min"), hi = bound(2, "max");
  if (!lo || *lo != 0)
    throw NetworkError(ctx.where(node) + "a Clip is read as a ReLU with an upper bound, so its min must be 0" +
                       (lo ? " (it is " + std::to_string(*lo) + ")" : " (it has none)"));
  if (hi && !(*hi > 0)) throw NetworkError(ctx.where(node) + "its max must be above its min of 0");
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::Relu, {ctx.layer_of(node, node.input(0))});
  l.relu_max = hi ? *hi : 0;
}

void read_identity(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  // PyTorch's exporter links equal initializers (all-zero biases) back through Identity.
  if (ctx.is_constant(node.input(0))) return ctx.set_constant(node.output(0), ctx.constant(node, 0, "input"));
  ctx.alias(node.output(0), ctx.layer_of(node, node.input(0)));
}

void read_pad(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"mode", "pads", "value"}, ctx.where(node));  // pads and value: opset < 11
  ctx.expect_inputs(node, 1, 4);
  if (attrs.text("mode", "constant") != "constant") attrs.fail("mode", "must be \"constant\" (zero padding)");
  const std::vector<int64_t> pads =
      node.input_size() >= 2 ? int_tensor(ctx.constant(node, 1, "pads"), ctx.where(node)) : attrs.integers("pads");
  float value = static_cast<float>(attrs.real("value", 0.0));
  if (node.input_size() >= 3 && !node.input(2).empty()) {
    const WeightTensor v = float_tensor(ctx.constant(node, 2, "constant_value"), ctx.where(node));
    value = v.values.empty() ? 0.0f : v.values.front();
  }
  if (node.input_size() == 4 && !node.input(3).empty())
    throw NetworkError(ctx.where(node) + "pads only some axes (input 'axes'); imcnas folds a Pad of H and W");
  if (value != 0.0f)
    throw NetworkError(ctx.where(node) + "pads with " + std::to_string(value) + "; imcnas folds zero padding only");
  if (pads.size() != 8)
    throw NetworkError(ctx.where(node) + "has pads " + dims_text(pads) + "; expected 8 values for an N×C×H×W map");
  // A Pad of a Pad adds up (PyTorch's avg_pool2d exports its own all-zero Pad after F.pad's).
  config::Padding before;
  const std::string from = ctx.layer_of_padded(node, node.input(0), before);
  const std::vector<int64_t> zeros(8, 0);
  if (pads == zeros) {  // densenet's all-zero Pad
    if (before.any()) return ctx.pad(node.output(0), from, before);
    return ctx.alias(node.output(0), from);
  }
  // [N, C, H, W] begins, then ends: only H and W may be padded.
  if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0)
    throw NetworkError(ctx.where(node) + "has pads " + dims_text(pads) +
                       "; imcnas folds a Pad of H and W only (the batch and channel pads must be 0)");
  for (int64_t side : pads)
    if (side < 0 || side > 1024)
      throw NetworkError(ctx.where(node) + "has pads " + dims_text(pads) + "; imcnas folds pads of 0 to 1024 zeros");
  ctx.pad(node.output(0), from,
          before + config::Padding{static_cast<int>(pads[2]), static_cast<int>(pads[3]), static_cast<int>(pads[6]),
                                   static_cast<int>(pads[7])});
}

void read_add(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  if (ctx.all_inputs_constant(node)) return read_arithmetic(node, index, ctx);
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 2, 2);
  // MatMul + Add(bias) is how some exporters write a linear layer: fold the bias into it.
  for (int c = 0; c < 2; ++c) {
    const std::string& other = node.input(1 - c);
    auto& pending = ctx.bias_free_linear();
    const auto linear = pending.find(other);
    if (!ctx.is_constant(node.input(c)) || linear == pending.end() || ctx.uses(other) != 1) continue;
    config::LayerSpec* l = ctx.find_layer(linear->second);
    l->bias = true;
    ctx.set_vector(l->name + ".bias", ctx.weight(node, c, "bias"), l->out_channels, node);
    ctx.alias(node.output(0), l->name);
    pending.erase(linear);
    return;
  }
  ctx.add_layer(node, index, config::LayerKind::Add,
                {ctx.layer_of(node, node.input(0)), ctx.layer_of(node, node.input(1))});
}

void read_concat(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"axis"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1 << 20);
  if (ctx.all_inputs_constant(node)) {  // shape arithmetic: 1-D integer tensors end to end
    std::vector<int64_t> values;
    for (int i = 0; i < node.input_size(); ++i) {
      const onnx::TensorProto& t = ctx.constant(node, i, "input");
      if (t.dims_size() > 1) throw NetworkError(ctx.where(node) + "concatenates constants of rank above 1");
      for (int64_t v : int_tensor(t, ctx.where(node))) values.push_back(v);
    }
    return ctx.set_constant(node.output(0),
                            make_int_tensor(node.output(0), {static_cast<int64_t>(values.size())}, values));
  }
  if (attrs.integer("axis", 1) != 1) attrs.fail("axis", "must be 1 (the channels)");
  std::vector<std::string> from;
  for (const std::string& in : node.input()) from.push_back(ctx.layer_of(node, in));
  if (from.size() == 1) return ctx.alias(node.output(0), from[0]);  // densenet's first block
  ctx.add_layer(node, index, config::LayerKind::Concat, from);
}

void read_flatten(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"axis"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  if (attrs.integer("axis", 1) != 1) attrs.fail("axis", "must be 1 (keep the batch, flatten the rest)");
  ctx.add_layer(node, index, config::LayerKind::Flatten, {ctx.layer_of(node, node.input(0))});
}

void read_reshape(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"allowzero"}, ctx.where(node));
  ctx.expect_inputs(node, 2, 2);
  if (attrs.integer("allowzero", 0) != 0) attrs.fail("allowzero", "must be 0");
  const std::vector<int64_t> target = int_tensor(ctx.constant(node, 1, "shape"), ctx.where(node));
  if (ctx.is_constant(node.input(0))) return fold_reshape(node, ctx, target);
  if (read_channel_view_reshape(node, index, ctx, target)) return;
  const std::string from = ctx.layer_of(node, node.input(0));
  const int64_t elements = ctx.shape_of(from).elements();
  const bool batch_kept = target.size() == 2 && (target[0] == 0 || target[0] == 1 || target[0] == -1);
  const bool flattens = batch_kept && (target[1] == -1 ? target[0] != -1 : target[1] == elements);
  if (!flattens) {
    throw NetworkError(ctx.where(node) + "reshapes to something other than [batch, " + std::to_string(elements) +
                       "]; imcnas supports Reshape only as a flatten to 2-D");
  }
  ctx.add_layer(node, index, config::LayerKind::Flatten, {from});
}

void read_dropout(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"ratio", "seed", "is_test"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 3);
  double p = attrs.real("ratio", 0.5);
  if (node.input_size() >= 2 && !node.input(1).empty()) {
    const WeightTensor ratio = float_tensor(ctx.constant(node, 1, "ratio"), ctx.where(node));
    if (ratio.values.size() != 1) throw NetworkError(ctx.where(node) + "ratio must be a scalar");
    p = ratio.values[0];
  }
  if (node.input_size() == 3 && !node.input(2).empty()) {
    const std::vector<int64_t> mode = int_tensor(ctx.constant(node, 2, "training_mode"), ctx.where(node));
    if (mode.size() != 1 || mode[0] != 0) throw NetworkError(ctx.where(node) + "training_mode must be false");
  }
  if (!(p >= 0.0 && p < 1.0)) throw NetworkError(ctx.where(node) + "ratio " + std::to_string(p) + " is outside [0, 1)");
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::Dropout, {ctx.layer_of(node, node.input(0))});
  l.dropout_p = p;
}

}  // namespace imc::workloads::onnx_import
