// SPDX-License-Identifier: MIT
// MaxPool, AveragePool and GlobalAveragePool: pooling layers.
#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
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
  if (!max && w.padding > 0 && attrs.integer("count_include_pad", 0) == 0) {
    attrs.fail("count_include_pad", "is 0 with pads; imcnas averages over the padded window (count_include_pad = 1)");
  }
  if (2 * w.padding > w.kernel) attrs.fail("pads", "must be at most half the kernel");
  config::LayerSpec& l = ctx.add_layer(node, index, max ? config::LayerKind::MaxPool : config::LayerKind::AvgPool,
                                       {ctx.layer_of(node, node.input(0))});
  l.kernel = w.kernel;
  l.stride = w.stride;
  l.padding = w.padding;
  l.ceil_mode = attrs.integer("ceil_mode", 0) != 0;
}

void read_global_pool(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  const std::string from = ctx.layer_of(node, node.input(0));
  const Shape in = ctx.shape_of(from);
  if (in.flat || in.height != in.width) {
    throw NetworkError(ctx.where(node) + "its input is " + in.str() + "; imcnas pools square feature maps only");
  }
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::AvgPool, {from});
  l.kernel = in.height;
  l.stride = in.height;
}

}  // namespace imc::workloads::onnx_import
