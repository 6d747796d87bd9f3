// SPDX-License-Identifier: MIT
// MaxPool, AveragePool, GlobalAveragePool and ReduceMean over H and W: pooling layers.
#include <algorithm>

#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/tensors.h"
#include "workloads/onnx/window.h"

namespace imc::workloads::onnx_import {

void read_pool(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  const bool max = node.op_type() == "MaxPool";
  std::set<std::string> known{"kernel_shape", "strides", "pads", "auto_pad", "ceil_mode"};
  known.insert(max ? "dilations" : "count_include_pad");
  if (max) known.insert("storage_order");
  Attributes attrs(node, known, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  const Window w = read_window(attrs, 0);
  if (attrs.integer("storage_order", 0) != 0) attrs.fail("storage_order", "must be 0");
  // A zero Pad before an average pool is its padding; before a max pool it is not (zeros are
  // not the -inf a max pool pads with), so layer_of refuses it there.
  config::Padding folded_pad;
  const std::string from =
      max ? ctx.layer_of(node, node.input(0)) : ctx.layer_of_padded(node, node.input(0), folded_pad);
  const config::Padding padding = w.padding + folded_pad;
  if (2 * padding.largest() > w.kernel)
    attrs.fail("pads", "must be at most half the kernel on every side (with a Pad before it folded in)");
  const bool ceil_mode = attrs.integer("ceil_mode", 0) != 0;
  if (ceil_mode && !padding.symmetric())
    attrs.fail("ceil_mode",
               "is 1 with pads " + padding.str() + "; imcnas rounds up with equal pads on every side only");
  // ONNX's default leaves the padding out of the divisor; a Pad's zeros are real pixels, counted.
  const bool count_include_pad = !w.padding.any() || attrs.integer("count_include_pad", 0) != 0;
  if (!max && !count_include_pad && folded_pad.any())
    attrs.fail("count_include_pad",
               "is 0 with pads of its own and a Pad before it; imcnas counts either all "
               "padded zeros in the divisor or none");
  config::LayerSpec& l =
      ctx.add_layer(node, index, max ? config::LayerKind::MaxPool : config::LayerKind::AvgPool, {from});
  l.kernel = w.kernel;
  l.stride = w.stride;
  l.padding = padding;
  l.ceil_mode = ceil_mode;
  if (!max) l.count_include_pad = count_include_pad;
}

namespace {

/// An average pool over the whole (square) feature map of `node`'s first input.
config::LayerSpec& add_global_average(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  const std::string from = ctx.layer_of(node, node.input(0));
  const Shape in = ctx.shape_of(from);
  if (in.flat || in.height != in.width) {
    throw NetworkError(ctx.where(node) + "its input is " + in.str() + "; imcnas pools square feature maps only");
  }
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::AvgPool, {from});
  l.kernel = in.height;
  l.stride = in.height;
  return l;
}

}  // namespace

void read_global_pool(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  add_global_average(node, index, ctx);
}

void read_reduce_mean(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"axes", "keepdims", "noop_with_empty_axes"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 2);  // opset 18 gives the axes as a second input
  std::vector<int64_t> axes =
      node.input_size() == 2 ? int_tensor(ctx.constant(node, 1, "axes"), ctx.where(node)) : attrs.integers("axes");
  for (int64_t& a : axes) a = a < 0 ? a + 4 : a;  // an NCHW feature map has rank 4
  std::sort(axes.begin(), axes.end());
  if (axes != std::vector<int64_t>{2, 3})
    attrs.fail("axes", "must be the height and width axes [2, 3] (a global average pool)");
  const config::LayerSpec& pool = add_global_average(node, index, ctx);
  if (attrs.integer("keepdims", 1) == 0)  // [N, C]: the pooled map, flattened
    ctx.add_layer(node, index, config::LayerKind::Flatten, {pool.name});
}

}  // namespace imc::workloads::onnx_import
