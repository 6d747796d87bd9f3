// SPDX-License-Identifier: MIT
#include "mapping/precision.h"

#include <algorithm>

namespace imc::mapping {
namespace {

using workloads::LayerKind;

bool writes_through_hardware(LayerKind k) {
  return k == LayerKind::Conv2d || k == LayerKind::Linear || k == LayerKind::MaxPool || k == LayerKind::AvgPool ||
         k == LayerKind::Add || k == LayerKind::Mul;
}

/// Element-wise layers the hardware applies on the way to the output buffer.
bool fused_after(LayerKind k) {
  return k == LayerKind::BatchNorm || k == LayerKind::Relu || k == LayerKind::Dropout || k == LayerKind::Activation;
}

/// True when a fused layer leaves only values >= 0 (the output can be quantized unsigned).
bool nonnegative(const workloads::Layer& l) {
  return l.kind() == LayerKind::Relu ||
         (l.kind() == LayerKind::Activation && config::activation_is_nonnegative(l.spec.activation));
}

}  // namespace

std::vector<LayerPrecision> layer_precisions(const workloads::Network& net, int chip_weight_bits,
                                             int chip_activation_bits) {
  const auto& layers = net.layers();
  std::vector<LayerPrecision> p(layers.size());
  if (chip_weight_bits <= 0 && chip_activation_bits <= 0) return p;
  for (size_t i = 0; i < layers.size(); ++i) {
    const workloads::Layer& l = layers[i];
    const config::LayerSpec& s = l.spec;
    LayerPrecision& out = p[i];
    for (int pr : l.producers) out.input_bits = std::max(out.input_bits, p[static_cast<size_t>(pr)].output_bits);
    if (l.producers.empty()) out.input_bits = chip_activation_bits;  // the chip's input
    if (l.has_weights()) out.weight_bits = s.weight_bits > 0 ? s.weight_bits : chip_weight_bits;
    const bool crossbar = l.kind() == LayerKind::Conv2d || l.kind() == LayerKind::Linear;
    if (writes_through_hardware(l.kind()) && s.activation_bits > 0)
      out.output_bits = s.activation_bits;
    else
      out.output_bits = crossbar ? chip_activation_bits : out.input_bits;
  }
  // Where each hardware layer's output is written: after the fused layers that follow it alone.
  for (size_t i = 0; i < layers.size(); ++i) {
    if (!writes_through_hardware(layers[i].kind())) continue;
    int at = static_cast<int>(i);
    bool relu = false;
    while (layers[static_cast<size_t>(at)].consumers.size() == 1) {
      const int c = layers[static_cast<size_t>(at)].consumers.front();
      const workloads::Layer& next = net.layer(c);
      if (!fused_after(next.kind()) || next.producers.size() != 1) break;
      if (next.kind() != LayerKind::Dropout) relu = nonnegative(next);  // a BN after it can go negative
      at = c;
    }
    LayerPrecision& w = p[static_cast<size_t>(at)];
    w.quantize_bits = p[i].output_bits;
    w.signed_output = !relu;
  }
  return p;
}

}  // namespace imc::mapping
