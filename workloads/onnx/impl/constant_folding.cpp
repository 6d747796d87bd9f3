// SPDX-License-Identifier: MIT
// Constants and the shape arithmetic exporters write around Reshape (Shape, Gather, Slice,
// Unsqueeze, Cast, Concat of shapes, and integer Add/Sub/Mul/Div), folded at import: none of it
// runs on the chip, and the IR needs the shapes as constants.
#include <algorithm>
#include <cmath>
#include <map>

#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/tensors.h"

namespace imc::workloads::onnx_import {
namespace {

/// A 0-D or 1-D integer constant: the only kind shape arithmetic needs.
std::vector<int64_t> shape_values(const onnx::NodeProto& node, int input, const char* what, ImportContext& ctx) {
  const onnx::TensorProto& t = ctx.constant(node, input, what);
  if (t.dims_size() > 1) {
    throw NetworkError(ctx.where(node) + "its " + what + " has shape " + dims_text(dims_of(t)) +
                       "; imcnas folds only 0-D and 1-D constants (shape arithmetic)");
  }
  return int_tensor(t, ctx.where(node));
}

using Arithmetic = float (*)(float, float);
const std::map<std::string, Arithmetic>& arithmetic_ops() {
  static const std::map<std::string, Arithmetic> ops = {
      {"Add", [](float p, float q) { return p + q; }},
      {"Sub", [](float p, float q) { return p - q; }},
      {"Mul", [](float p, float q) { return p * q; }},
      {"Div", [](float p, float q) { return p / q; }},
  };
  return ops;
}

/// Index `i` of a dimension of length `n`, negative counting from the end, clamped to [0, n].
int64_t clamp_index(int64_t i, int64_t n) { return std::clamp(i < 0 ? i + n : i, int64_t{0}, n); }

}  // namespace

void read_constant(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"value"}, ctx.where(node));
  const onnx::TensorProto* value = attrs.tensor("value");
  if (!value || node.output_size() != 1) throw NetworkError(ctx.where(node) + "needs a tensor 'value'");
  ctx.set_constant(node.output(0), *value);
}

void read_shape(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"start", "end"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  const Shape s = ctx.shape_of(ctx.layer_of(node, node.input(0)));
  const std::vector<int64_t> full =
      s.flat ? std::vector<int64_t>{1, s.elements()} : std::vector<int64_t>{1, s.channels, s.height, s.width};
  const auto n = static_cast<int64_t>(full.size());
  const int64_t start = clamp_index(attrs.integer("start", 0), n);
  const int64_t end = clamp_index(attrs.integer("end", n), n);
  const std::vector<int64_t> part(full.begin() + start, full.begin() + std::max(start, end));
  ctx.set_constant(node.output(0), make_int_tensor(node.output(0), {static_cast<int64_t>(part.size())}, part));
}

void read_gather(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"axis"}, ctx.where(node));
  ctx.expect_inputs(node, 2, 2);
  if (attrs.integer("axis", 0) != 0) attrs.fail("axis", "must be 0 (imcnas gathers from 1-D shapes only)");
  const std::vector<int64_t> data = shape_values(node, 0, "data", ctx);
  const onnx::TensorProto& indices = ctx.constant(node, 1, "indices");
  std::vector<int64_t> out;
  for (int64_t i : shape_values(node, 1, "indices", ctx)) {
    const auto n = static_cast<int64_t>(data.size());
    if (i < -n || i >= n) throw NetworkError(ctx.where(node) + "index " + std::to_string(i) + " is out of range");
    out.push_back(data[static_cast<size_t>(i < 0 ? i + n : i)]);
  }
  ctx.set_constant(node.output(0), make_int_tensor(node.output(0), dims_of(indices), out));
}

void read_slice(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 3, 5);
  if (!ctx.is_constant(node.input(0))) return read_channel_slice(node, index, ctx);
  const std::vector<int64_t> data = shape_values(node, 0, "data", ctx);
  const std::vector<int64_t> starts = shape_values(node, 1, "starts", ctx);
  const std::vector<int64_t> ends = shape_values(node, 2, "ends", ctx);
  const bool has_axes = node.input_size() > 3 && !node.input(3).empty();
  const bool has_steps = node.input_size() > 4 && !node.input(4).empty();
  const std::vector<int64_t> axes = has_axes ? shape_values(node, 3, "axes", ctx) : std::vector<int64_t>{0};
  const std::vector<int64_t> steps = has_steps ? shape_values(node, 4, "steps", ctx) : std::vector<int64_t>{1};
  if (starts.size() != 1 || ends.size() != 1 || axes.size() != 1 || (axes[0] != 0 && axes[0] != -1) ||
      steps.size() != 1 || steps[0] != 1) {
    throw NetworkError(ctx.where(node) + "imcnas folds only a 1-D slice with step 1");
  }
  const auto n = static_cast<int64_t>(data.size());
  const int64_t from = clamp_index(starts[0], n), to = clamp_index(ends[0], n);
  const std::vector<int64_t> part(data.begin() + from, data.begin() + std::max(from, to));
  ctx.set_constant(node.output(0), make_int_tensor(node.output(0), {static_cast<int64_t>(part.size())}, part));
}

void read_unsqueeze(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"axes"}, ctx.where(node));  // an attribute before opset 13, an input since
  ctx.expect_inputs(node, 1, 2);
  const std::vector<int64_t> axes =
      node.input_size() == 2 ? shape_values(node, 1, "axes", ctx) : attrs.integers("axes");
  const onnx::TensorProto& data = ctx.constant(node, 0, "data");
  if (data.dims_size() != 0 || axes.size() != 1 || (axes[0] != 0 && axes[0] != -1)) {
    throw NetworkError(ctx.where(node) + "imcnas folds only a scalar unsqueezed to 1-D");
  }
  ctx.set_constant(node.output(0), make_int_tensor(node.output(0), {1}, int_tensor(data, ctx.where(node))));
}

void read_cast(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"to", "saturate"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  const onnx::TensorProto& data = ctx.constant(node, 0, "input");
  const int64_t to = attrs.integer("to", 0);
  const bool to_integer = to == onnx::TensorProto::INT64 || to == onnx::TensorProto::INT32;
  if (to_integer) {
    std::vector<int64_t> v;
    for (float x : float_tensor(data, ctx.where(node)).values) v.push_back(static_cast<int64_t>(x));
    return ctx.set_constant(node.output(0), make_int_tensor(node.output(0), dims_of(data), v));
  }
  if (to != onnx::TensorProto::FLOAT && to != onnx::TensorProto::DOUBLE)
    attrs.fail("to", "imcnas casts shape constants to int32, int64, float or double only");
  ctx.set_constant(node.output(0),
                   make_float_tensor(node.output(0), dims_of(data), float_tensor(data, ctx.where(node)).values));
}

void read_arithmetic(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 2, 2);
  if (!ctx.all_inputs_constant(node)) {
    throw NetworkError(ctx.where(node) + "op '" + node.op_type() +
                       "' of values the graph computes is not supported; imcnas folds it on constants only");
  }
  const onnx::TensorProto& a = ctx.constant(node, 0, "input A");
  const onnx::TensorProto& b = ctx.constant(node, 1, "input B");
  const std::vector<float> x = float_tensor(a, ctx.where(node)).values, y = float_tensor(b, ctx.where(node)).values;
  if (x.size() != y.size() && x.size() != 1 && y.size() != 1) {
    throw NetworkError(ctx.where(node) + "imcnas folds element-wise arithmetic on equal shapes or with a scalar only");
  }
  const size_t n = std::max(x.size(), y.size());
  const std::vector<int64_t> dims = x.size() >= y.size() ? dims_of(a) : dims_of(b);
  const bool integers = is_integer_tensor(a) && is_integer_tensor(b);
  const Arithmetic op = arithmetic_ops().at(node.op_type());
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) {
    const float p = x[x.size() == 1 ? 0 : i], q = y[y.size() == 1 ? 0 : i];
    if (node.op_type() == "Div" && q == 0) throw NetworkError(ctx.where(node) + "divides by zero");
    out[i] = integers ? std::trunc(op(p, q)) : op(p, q);  // integer division truncates
  }
  if (!integers) return ctx.set_constant(node.output(0), make_float_tensor(node.output(0), dims, out));
  ctx.set_constant(node.output(0), make_int_tensor(node.output(0), dims, std::vector<int64_t>(out.begin(), out.end())));
}

}  // namespace imc::workloads::onnx_import
