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
  const int64_t group = attrs.integer("group", 1);
  WeightTensor weight = ctx.weight(node, 1, "weight");
  if (weight.dims.size() != 4 || weight.dims[2] != weight.dims[3]) {
    throw NetworkError(ctx.where(node) + "expected a weight of shape [out, in, k, k]");
  }
  ctx.check_weight_dims(node, weight);
  const Window w = read_window(attrs, weight.dims[2]);
  if (w.kernel != weight.dims[2]) attrs.fail("kernel_shape", "differs from the weight's kernel");
  config::Padding folded_pad;
  const std::string from = ctx.layer_of_padded(node, node.input(0), folded_pad);
  const int channels = ctx.shape_of(from).channels;
  if (group < 1 || group > channels)
    attrs.fail("group", "must be between 1 and the input's " + std::to_string(channels) + " channels");
  if (channels % group != 0) attrs.fail("group", "must divide the input's " + std::to_string(channels) + " channels");
  if (weight.dims[1] != channels / group) {
    if (group == 1)
      throw NetworkError(ctx.where(node) + "its weight " + dims_text(weight.dims) + " takes " +
                         std::to_string(weight.dims[1]) + " input channels, but its input '" + node.input(0) +
                         "' has " + std::to_string(channels) + ctx.input_channels_hint(from, weight.dims[1]));
    throw NetworkError(ctx.where(node) + "its weight " + dims_text(weight.dims) +
                       " with group = " + std::to_string(group) + " takes " + std::to_string(weight.dims[1]) +
                       " input channels per group, but its input '" + node.input(0) + "' has " +
                       std::to_string(channels) + " channels, " + std::to_string(channels / group) + " per group");
  }
  if (weight.dims[0] % group != 0)
    attrs.fail("group", "must divide the weight's " + std::to_string(weight.dims[0]) + " output channels");
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::Conv2d, {from});
  l.out_channels = static_cast<int>(weight.dims[0]);
  l.kernel = w.kernel;
  l.stride = w.stride;
  l.padding = w.padding + folded_pad;
  l.groups = static_cast<int>(group);
  l.bias = node.input_size() == 3 && !node.input(2).empty();
  if (l.bias) ctx.set_vector(l.name + ".bias", ctx.weight(node, 2, "bias"), weight.dims[0], node);
  ctx.store_weight(l.name + ".weight", std::move(weight));
}

}  // namespace imc::workloads::onnx_import
