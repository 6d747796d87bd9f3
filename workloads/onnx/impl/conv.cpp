// SPDX-License-Identifier: MIT
// Conv: a conv2d layer with its weight and bias.
#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/tensors.h"
#include "workloads/onnx/window.h"

namespace imc::workloads::onnx_import {

void read_conv(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"}, ctx.where(node));
  ctx.expect_inputs(node, 2, 3);
  if (attrs.integer("group", 1) != 1)
    attrs.fail("group", "must be 1 (grouped and depthwise convolutions are not supported)");
  WeightTensor weight = ctx.weight(node, 1, "weight");
  if (weight.dims.size() != 4 || weight.dims[2] != weight.dims[3]) {
    throw NetworkError(ctx.where(node) + "expected a weight of shape [out, in, k, k]");
  }
  ctx.check_weight_dims(node, weight);
  const Window w = read_window(attrs, weight.dims[2]);
  if (w.kernel != weight.dims[2]) attrs.fail("kernel_shape", "differs from the weight's kernel");
  const std::string from = ctx.layer_of(node, node.input(0));
  const int channels = ctx.shape_of(from).channels;
  if (weight.dims[1] != channels)
    throw NetworkError(ctx.where(node) + "its weight " + dims_text(weight.dims) + " takes " +
                       std::to_string(weight.dims[1]) + " input channels, but its input '" + node.input(0) + "' has " +
                       std::to_string(channels) + ctx.input_channels_hint(from, weight.dims[1]));
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::Conv2d, {from});
  l.out_channels = static_cast<int>(weight.dims[0]);
  l.kernel = w.kernel;
  l.stride = w.stride;
  l.padding = w.padding;
  l.bias = node.input_size() == 3 && !node.input(2).empty();
  if (l.bias) ctx.set_vector(l.name + ".bias", ctx.weight(node, 2, "bias"), weight.dims[0], node);
  ctx.store_weight(l.name + ".weight", std::move(weight));
}

}  // namespace imc::workloads::onnx_import
