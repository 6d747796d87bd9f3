// SPDX-License-Identifier: MIT
// The bit width of every tensor of a network on the chip, derived once: the mapper sizes
// buffers and timing from it, and the trainer quantizes where the hardware writes (plain C++).
#pragma once

#include <vector>

#include "workloads/network.h"

namespace imc::mapping {

struct LayerPrecision {
  int weight_bits = 0;  ///< conv/linear: stored weights, sign included; else 0
  int input_bits = 0;   ///< what the layer reads: the widest of its producers (the chip's for the input)
  int output_bits = 0;  ///< what it writes; layers without hardware pass their input on
  /// Non-zero on the layer whose output the hardware writes to a buffer, quantized to these
  /// bits: the last of a conv, linear, pooling or add layer and the BN, ReLU and dropout fused
  /// after it.
  int quantize_bits = 0;
  bool signed_output = true;  ///< that written tensor can be negative (no ReLU at its end)
};

/// One entry per IR layer. A layer's own bits (its spec) win over the chip's `weight_bits` and
/// `activation_bits`; a crossbar layer writes the chip's activation bits, pooling and adds
/// write what they read. Chip widths of 0 mean float: every entry is then 0.
std::vector<LayerPrecision> layer_precisions(const workloads::Network& net, int chip_weight_bits,
                                             int chip_activation_bits);

}  // namespace imc::mapping
