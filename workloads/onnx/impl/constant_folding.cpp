// SPDX-License-Identifier: MIT
// Constants and the shape arithmetic exporters write around Reshape and Pad (Shape, Gather, Slice,
// Unsqueeze, Cast, Concat of shapes, ConstantOfShape, Reshape and Transpose of constants, and
// integer Add/Sub/Mul/Div), folded at import: none of it
// runs on the chip, and the IR needs the shapes as constants.
#include <algorithm>
#include <cmath>
#include <limits>
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

/// An integer constant of any rank, row-major: the index arithmetic PyTorch writes around a
/// Pad reshapes, reverses and transposes its pads as 2-D tensors.
struct IntArray {
  std::vector<int64_t> dims;
  std::vector<int64_t> values;
};

IntArray int_array(const onnx::NodeProto& node, int input, const char* what, ImportContext& ctx) {
  const onnx::TensorProto& t = ctx.constant(node, input, what);
  if (!is_integer_tensor(t))
    throw NetworkError(ctx.where(node) + "its " + what + " is not an integer tensor; imcnas folds " + node.op_type() +
                       " of integer constants only (index arithmetic)");
  return {dims_of(t), int_tensor(t, ctx.where(node))};
}

/// Row-major strides of `dims`.
std::vector<int64_t> strides_of(const std::vector<int64_t>& dims) {
  std::vector<int64_t> s(dims.size(), 1);
  for (size_t d = dims.size(); d-- > 1;) s[d - 1] = s[d] * dims[d];
  return s;
}

/// The array of shape `out_dims` whose element at index i is `in.values[source(i)]`, where
/// source maps an output multi-index to an input flat index.
template <typename Source>
std::vector<int64_t> gather_elements(const IntArray& in, const std::vector<int64_t>& out_dims, Source source) {
  int64_t count = 1;
  for (int64_t d : out_dims) count *= d;
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(count));
  std::vector<int64_t> index(out_dims.size(), 0);
  for (int64_t k = 0; k < count; ++k) {
    out.push_back(in.values[static_cast<size_t>(source(index))]);
    for (size_t d = index.size(); d-- > 0;) {  // odometer increment
      if (++index[d] < out_dims[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/// An axis of a tensor of rank `rank`, negative counting from the end; throws out of range.
int64_t axis_of(int64_t axis, size_t rank, const onnx::NodeProto& node, ImportContext& ctx) {
  const auto r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r)
    throw NetworkError(ctx.where(node) + "axis " + std::to_string(axis) + " is out of range for rank " +
                       std::to_string(rank));
  return axis < 0 ? axis + r : axis;
}

/// Slice of an integer constant of any rank, ONNX's rules: per axis a start, an end and a
/// step (negative steps walk backwards, as PyTorch's exporter reverses the pads).
void fold_slice(const onnx::NodeProto& node, ImportContext& ctx) {
  const IntArray data = int_array(node, 0, "data", ctx);
  const std::vector<int64_t> starts = shape_values(node, 1, "starts", ctx);
  const std::vector<int64_t> ends = shape_values(node, 2, "ends", ctx);
  const bool has_axes = node.input_size() > 3 && !node.input(3).empty();
  const bool has_steps = node.input_size() > 4 && !node.input(4).empty();
  std::vector<int64_t> axes = has_axes ? shape_values(node, 3, "axes", ctx) : std::vector<int64_t>{};
  if (!has_axes)
    for (size_t a = 0; a < starts.size(); ++a) axes.push_back(static_cast<int64_t>(a));
  const std::vector<int64_t> steps =
      has_steps ? shape_values(node, 4, "steps", ctx) : std::vector<int64_t>(axes.size(), 1);
  if (starts.size() != axes.size() || ends.size() != axes.size() || steps.size() != axes.size())
    throw NetworkError(ctx.where(node) + "has starts, ends, axes and steps of different lengths");
  const size_t rank = data.dims.size();
  std::vector<int64_t> first(rank, 0), step(rank, 1), out_dims = data.dims;
  for (size_t a = 0; a < axes.size(); ++a) {
    const auto d = static_cast<size_t>(axis_of(axes[a], rank, node, ctx));
    const int64_t n = data.dims[d], s = steps[a];
    if (s == 0 || s == std::numeric_limits<int64_t>::min())
      throw NetworkError(ctx.where(node) + "has a step of " + std::to_string(s));
    auto at = [n](int64_t i) { return i < 0 ? i + n : i; };
    const int64_t begin =
        s > 0 ? std::clamp(at(starts[a]), int64_t{0}, n) : std::clamp(at(starts[a]), int64_t{-1}, n - 1);
    const int64_t end = s > 0 ? std::clamp(at(ends[a]), int64_t{0}, n) : std::clamp(at(ends[a]), int64_t{-1}, n - 1);
    const int64_t span = s > 0 ? end - begin : begin - end, stride = s > 0 ? s : -s;
    first[d] = begin;
    step[d] = s;
    out_dims[d] = span <= 0 ? 0 : 1 + (span - 1) / stride;  // ceil, without overflow
  }
  const std::vector<int64_t> in_strides = strides_of(data.dims);
  const std::vector<int64_t> out = gather_elements(data, out_dims, [&](const std::vector<int64_t>& i) {
    int64_t flat = 0;
    for (size_t d = 0; d < rank; ++d) flat += (first[d] + i[d] * step[d]) * in_strides[d];
    return flat;
  });
  ctx.set_constant(node.output(0), make_int_tensor(node.output(0), out_dims, out));
}

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
  fold_slice(node, ctx);
}

void read_constant_of_shape(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"value"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  const std::vector<int64_t> dims = shape_values(node, 0, "shape", ctx);
  const int64_t count = element_count(dims, ctx.where(node));
  if (count > (1 << 20))
    throw NetworkError(ctx.where(node) + "would make a constant of " + std::to_string(count) +
                       " elements; imcnas folds index arithmetic of up to 1,048,576");
  const onnx::TensorProto* value = attrs.tensor("value");  // ONNX's default: one float 0
  if (value && is_integer_tensor(*value)) {
    const std::vector<int64_t> v = int_tensor(*value, ctx.where(node));
    if (v.size() != 1) attrs.fail("value", "must hold one element");
    return ctx.set_constant(node.output(0), make_int_tensor(node.output(0), dims, std::vector<int64_t>(count, v[0])));
  }
  const std::vector<float> v = value ? float_tensor(*value, ctx.where(node)).values : std::vector<float>{0.0f};
  if (v.size() != 1) attrs.fail("value", "must hold one element");
  ctx.set_constant(node.output(0), make_float_tensor(node.output(0), dims, std::vector<float>(count, v[0])));
}

void fold_reshape(const onnx::NodeProto& node, ImportContext& ctx, const std::vector<int64_t>& target) {
  const onnx::TensorProto& data = ctx.constant(node, 0, "data");
  const int64_t count = element_count(dims_of(data), ctx.where(node));
  std::vector<int64_t> dims = target;
  double known = 1;  // a double: a wild target must not overflow before it is refused
  int64_t inferred = -1;
  for (size_t d = 0; d < dims.size(); ++d) {
    if (dims[d] == 0 && d < static_cast<size_t>(data.dims_size())) dims[d] = data.dims(static_cast<int>(d));
    if (dims[d] == -1) {
      if (inferred >= 0) throw NetworkError(ctx.where(node) + "has more than one -1 in its shape");
      inferred = static_cast<int64_t>(d);
    } else if (dims[d] < 0) {
      throw NetworkError(ctx.where(node) + "has a negative dimension in its shape " + dims_text(target));
    } else {
      known *= dims[d];
    }
  }
  if (inferred >= 0 && known >= 1 && known <= double(count) && count % static_cast<int64_t>(known) == 0)
    dims[static_cast<size_t>(inferred)] = count / static_cast<int64_t>(known);
  const bool fits = inferred < 0 ? known == double(count) : dims[static_cast<size_t>(inferred)] >= 0;
  if (!fits)
    throw NetworkError(ctx.where(node) + "reshapes a constant of " + std::to_string(count) + " elements to " +
                       dims_text(target));
  if (is_integer_tensor(data))
    return ctx.set_constant(node.output(0), make_int_tensor(node.output(0), dims, int_tensor(data, ctx.where(node))));
  ctx.set_constant(node.output(0), make_float_tensor(node.output(0), dims, float_tensor(data, ctx.where(node)).values));
}

void fold_transpose(const onnx::NodeProto& node, ImportContext& ctx, const std::vector<int64_t>& perm_attr) {
  const IntArray data = int_array(node, 0, "data", ctx);
  const size_t rank = data.dims.size();
  std::vector<int64_t> perm = perm_attr;
  if (perm.empty())  // ONNX's default reverses the axes
    for (size_t d = rank; d-- > 0;) perm.push_back(static_cast<int64_t>(d));
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (size_t d = 0; d < sorted.size(); ++d)
    if (sorted.size() != rank || sorted[d] != static_cast<int64_t>(d))
      throw NetworkError(ctx.where(node) + "has perm " + dims_text(perm) + ", not a permutation of the " +
                         std::to_string(rank) + " axes of its input");
  std::vector<int64_t> out_dims(rank);
  for (size_t d = 0; d < rank; ++d) out_dims[d] = data.dims[static_cast<size_t>(perm[d])];
  const std::vector<int64_t> in_strides = strides_of(data.dims);
  const std::vector<int64_t> out = gather_elements(data, out_dims, [&](const std::vector<int64_t>& i) {
    int64_t flat = 0;
    for (size_t d = 0; d < rank; ++d) flat += i[d] * in_strides[static_cast<size_t>(perm[d])];
    return flat;
  });
  ctx.set_constant(node.output(0), make_int_tensor(node.output(0), out_dims, out));
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
