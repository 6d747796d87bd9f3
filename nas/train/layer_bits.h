// SPDX-License-Identifier: MIT
// Which precision each layer is fake-quantized to: the explicit per-layer
// overrides of a QuantSpec, else the network's own per-layer bits, else the
// global widths. Plain C++ (no LibTorch), so it is tested on its own.
#pragma once

#include <vector>

#include "nas/train/trainer.h"

namespace imc::nas {

struct LayerBits {
  std::vector<int> weight_bits;      ///< per layer index (conv2d, linear); 0: float
  std::vector<int> activation_bits;  ///< per layer index (ReLU); 0: float
};

/// A network's bits apply only when quantization is on (non-zero global widths). A ReLU
/// takes the activation bits of the conv or linear layer it follows (through BN or dropout).
LayerBits layer_bits(const workloads::Network& net, const QuantSpec& quant);

}  // namespace imc::nas
