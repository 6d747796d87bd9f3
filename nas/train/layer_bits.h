// SPDX-License-Identifier: MIT
// Where a forward pass in the hardware view quantizes, and to what: the chip's precisions
// (mapping/precision.h, the derivation the mapper uses) turned into per-layer settings.
// Plain C++ (no LibTorch), so it is tested on its own.
#pragma once

#include <optional>
#include <vector>

#include "nas/train/trainer.h"

namespace imc::nas {

struct LayerBits {
  std::vector<int> weight_bits;     ///< per layer index (conv2d, linear); 0: float
  std::vector<int> input_bits;      ///< per layer index (conv2d, linear): its input's bits; 0: float
  std::vector<int> output_bits;     ///< per layer index: its output is quantized to these; 0: not here
  std::vector<char> output_signed;  ///< per layer index: that output keeps its sign (no ReLU at its end)
};

/// The network's own bits apply only when quantization is on (non-zero global widths).
LayerBits layer_bits(const workloads::Network& net, const QuantSpec& quant);

/// How one conv or linear layer sits on crossbars, for the hardware forward.
struct CrossbarGeometry {
  int rows_per_group = 0;  ///< matrix rows one crossbar row group takes (the mapper's partition)
  int weight_bits = 9;     ///< stored weights, sign included
  int cell_bits = 1;
  int dac_bits = 1;
  int adc_bits = 8;           ///< signed, on the differential column current
  int cols_per_crossbar = 0;  ///< columns of one crossbar (the length of a row wire); 0: all
  int groups_per_set = 1;     ///< a grouped conv: channel groups per set of crossbars (mapping.group_packing)
};

/// Per layer index: the geometry of conv and linear layers on `hw` (mapping::layout_weights),
/// none for the others.
std::vector<std::optional<CrossbarGeometry>> crossbar_geometries(const workloads::Network& net,
                                                                 const config::HwConfig& hw);

}  // namespace imc::nas
