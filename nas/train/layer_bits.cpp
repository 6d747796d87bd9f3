// SPDX-License-Identifier: MIT
#include "nas/train/layer_bits.h"

#include "mapping/mapping.h"
#include "mapping/precision.h"

namespace imc::nas {

LayerBits layer_bits(const workloads::Network& net, const QuantSpec& quant) {
  const std::vector<mapping::LayerPrecision> p =
      mapping::layer_precisions(net, quant.weight_bits, quant.activation_bits);
  LayerBits b;
  for (size_t i = 0; i < p.size(); ++i) {
    const bool weighted = net.layers()[i].has_weights();
    b.weight_bits.push_back(weighted && quant.weight_bits > 0 ? p[i].weight_bits : 0);
    b.input_bits.push_back(weighted && quant.activation_bits > 0 ? p[i].input_bits : 0);
    b.output_bits.push_back(quant.activation_bits > 0 ? p[i].quantize_bits : 0);
    b.output_signed.push_back(p[i].signed_output ? 1 : 0);
  }
  return b;
}

std::vector<std::optional<CrossbarGeometry>> crossbar_geometries(const workloads::Network& net,
                                                                 const config::HwConfig& hw) {
  const std::vector<mapping::LayerPrecision> p =
      mapping::layer_precisions(net, hw.quantization.weight_bits, hw.quantization.activation_bits);
  std::vector<std::optional<CrossbarGeometry>> out(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    const workloads::Layer& l = net.layers()[i];
    if (!l.has_weights()) continue;
    const mapping::CrossbarLayout x = mapping::layout_weights(l, hw, p[i].weight_bits);
    out[i] = CrossbarGeometry{x.rows_per_part, p[i].weight_bits, hw.crossbar.bits_per_cell, hw.dac.bits,
                              hw.adc.bits,     hw.crossbar.cols, x.groups_per_set};
  }
  return out;
}

}  // namespace imc::nas
