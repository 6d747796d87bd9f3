// SPDX-License-Identifier: MIT
// BatchNormalization (inference): a batchnorm layer with its four vectors.
#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/tensors.h"

namespace imc::workloads::onnx_import {
namespace {
// BatchNormalization's epsilon in the trainer (PyTorch's default); other values fold into the variance.
constexpr double kTrainerBnEpsilon = 1e-5;
}  // namespace

void read_batchnorm(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"epsilon", "momentum", "training_mode", "spatial"}, ctx.where(node));
  ctx.expect_inputs(node, 5, 5);
  if (attrs.integer("training_mode", 0) != 0) attrs.fail("training_mode", "must be 0 (an inference graph)");
  if (attrs.integer("spatial", 1) != 1) attrs.fail("spatial", "must be 1");
  const double epsilon = attrs.real("epsilon", 1e-5);
  const std::string from = ctx.layer_of(node, node.input(0));
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::BatchNorm, {from});
  const char* names[] = {"weight", "bias", "running_mean", "running_var"};
  const char* roles[] = {"scale", "bias B", "mean", "variance"};
  const onnx::TensorProto& scale = ctx.constant(node, 1, "scale");
  const int64_t channels = scale.dims_size() == 1 ? scale.dims(0) : -1;
  if (channels < 1) throw NetworkError(ctx.where(node) + "expected a 1-D scale");
  for (int i = 0; i < 4; ++i) {
    WeightTensor t = ctx.weight(node, i + 1, roles[i]);
    if (i == 3) {
      // The trainer's epsilon is PyTorch's; a different one moves into the variance, same result.
      for (float& v : t.values) {
        v = static_cast<float>(v + epsilon - kTrainerBnEpsilon);
        if (v < 0) throw NetworkError(ctx.where(node) + "a variance is negative");
      }
    }
    ctx.set_vector(l.name + "." + names[i], std::move(t), channels, node);
  }
}

}  // namespace imc::workloads::onnx_import
