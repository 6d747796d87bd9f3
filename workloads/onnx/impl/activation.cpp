// SPDX-License-Identifier: MIT
// Sigmoid, HardSigmoid and HardSwish: activation layers; Mul of two computed values: a mul
// layer, or, where one factor is the Sigmoid or HardSigmoid of the other and nothing else reads
// it, the SiLU or HardSwish the exporter wrote that way (x * sigmoid(x), x * hardsigmoid(x)).
#include <cmath>

#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"

namespace imc::workloads::onnx_import {
namespace {

void add_activation(const onnx::NodeProto& node, int index, ImportContext& ctx, config::Activation f) {
  ctx.expect_inputs(node, 1, 1);
  ctx.add_layer(node, index, config::LayerKind::Activation, {ctx.layer_of(node, node.input(0))}).activation = f;
}

/// x * gate(x) with the gate read by this Mul alone: the gated activation, or nullptr.
config::LayerSpec* gated_activation(const onnx::NodeProto& node, ImportContext& ctx, int gate_input) {
  const std::string& gate_value = node.input(gate_input);
  if (ctx.uses(gate_value) != 1) return nullptr;
  config::LayerSpec* gate = ctx.find_layer(ctx.layer_of(node, gate_value));
  const std::string x = ctx.layer_of(node, node.input(1 - gate_input));
  if (!gate || gate->kind != config::LayerKind::Activation || gate->inputs != std::vector<std::string>{x})
    return nullptr;
  const bool gates =
      gate->activation == config::Activation::Sigmoid || gate->activation == config::Activation::HardSigmoid;
  return gates ? gate : nullptr;
}

}  // namespace

void read_sigmoid(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  add_activation(node, index, ctx, config::Activation::Sigmoid);
}

void read_hard_sigmoid(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"alpha", "beta"}, ctx.where(node));
  // PyTorch's hardsigmoid is clamp(x / 6 + 1/2, 0, 1); ONNX's own default alpha is 0.2.
  if (std::abs(attrs.real("alpha", 0.2) - 1.0 / 6.0) > 1e-6) attrs.fail("alpha", "must be 1/6 (PyTorch's hardsigmoid)");
  if (std::abs(attrs.real("beta", 0.5) - 0.5) > 1e-6) attrs.fail("beta", "must be 0.5 (PyTorch's hardsigmoid)");
  add_activation(node, index, ctx, config::Activation::HardSigmoid);
}

void read_hard_swish(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes(node, {}, ctx.where(node));
  add_activation(node, index, ctx, config::Activation::HardSwish);
}

void read_mul(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  if (ctx.all_inputs_constant(node)) return read_arithmetic(node, index, ctx);
  Attributes(node, {}, ctx.where(node));
  ctx.expect_inputs(node, 2, 2);
  for (int gate_input : {1, 0}) {
    if (config::LayerSpec* gate = gated_activation(node, ctx, gate_input)) {
      gate->activation =
          gate->activation == config::Activation::Sigmoid ? config::Activation::Silu : config::Activation::HardSwish;
      ctx.rename_layer(gate->name, node, index);  // the layer now stands for the Mul's output
      return;
    }
  }
  ctx.add_layer(node, index, config::LayerKind::Mul,
                {ctx.layer_of(node, node.input(0)), ctx.layer_of(node, node.input(1))});
}

}  // namespace imc::workloads::onnx_import
