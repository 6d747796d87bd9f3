// SPDX-License-Identifier: MIT
// One forward pass over a network of the IR (internal to nas/train): every layer in order, its
// tensors from a LayerTensors (a network's own module, or a slice of a supernet's), weights and
// activations quantized as the ForwardMode says.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "nas/train/activation_scales.h"
#include "nas/train/hw_forward.h"
#include "workloads/network.h"

namespace imc::nas {

/// How a forward pass treats the weights and activations (layer_bits.h says where).
struct ForwardMode {
  bool fold_bn = false;             ///< conv+BN as one conv, as the hardware holds it (eval only)
  std::vector<int> weight_bits;     ///< per layer index (conv, linear); 0: float
  std::vector<int> input_bits;      ///< per layer index (conv, linear): its input's; 0: float
  std::vector<int> output_bits;     ///< per layer index: its output is quantized to these; 0: not here
  std::vector<char> output_signed;  ///< per layer index: that output keeps its sign
  std::vector<double> noise_std;    ///< per layer index, in units of one weight step; 0: none
  /// Noise-aware training with the chip's own cells: every forward draws the weights as one chip
  /// of them holds them (cell model, stuck-at faults, drift compensation); overrides noise_std.
  const TrainingCells* cells = nullptr;
  /// The chip's fixed activation ranges (evaluation); none: each batch's own (training).
  ActivationScales* scales = nullptr;
  /// Sees every crossbar input as the DACs stream it (`what` "input") and every layer's output
  /// as it leaves the layer (`what` "output"): for inspection and tests.
  std::function<void(size_t layer, const char* what, const torch::Tensor&)> tap;
  /// Conv and linear products through the crossbars, ADCs and cells of this chip (needs the
  /// bits above); a straight-through gradient in training.
  HwChip* hw = nullptr;
  /// Training: how far each batch moves the BN running statistics (1 / (k + 1) at the k-th
  /// batch gives their plain average, as BN recalibration wants).
  double bn_momentum = 0.1;

  /// The hardware view: BN folded as the chip holds it, every tensor at the width `bits` gives.
  static ForwardMode hardware_view(const LayerBits& bits) {
    ForwardMode m;
    m.fold_bn = true;
    m.weight_bits = bits.weight_bits;
    m.input_bits = bits.input_bits;
    m.output_bits = bits.output_bits;
    m.output_signed = bits.output_signed;
    return m;
  }
};

/// Where a forward pass takes each layer's tensors from, by layer index.
class LayerTensors {
 public:
  virtual ~LayerTensors() = default;
  /// Conv and linear: the weight and the bias (undefined: none). BN: the affine weight and bias.
  virtual torch::Tensor weight(size_t layer) = 0;
  virtual torch::Tensor bias(size_t layer) = 0;
  /// BN: the running statistics (updated in place by a training forward).
  virtual torch::Tensor running_mean(size_t layer) = 0;
  virtual torch::Tensor running_var(size_t layer) = 0;
  /// A conv's or linear layer's output as the next layer reads it: itself, or (a supernet's
  /// layer without a BN of its own) batch-normalized, its statistics moved by `momentum`.
  virtual torch::Tensor normalized(size_t /*layer*/, const torch::Tensor& y, bool /*training*/, double /*momentum*/) {
    return y;
  }
};

/// The epsilon of every BN layer (PyTorch's default, what ONNX export writes).
constexpr double kBnEps = 1e-5;

/// For each BN layer, the conv it folds into in the hardware view (it follows only that conv),
/// else -1.
std::vector<int> bn_folding(const workloads::Network& net);

/// Layers [begin, end) of a forward pass: each reads its inputs from `out` (indexed by layer;
/// out[0] is the input) and writes its output there; a tensor no later layer reads is released.
void forward_layers(const workloads::Network& net, LayerTensors& tensors, const std::vector<int>& folded_into,
                    const ForwardMode& mode, bool training, std::vector<torch::Tensor>& out, size_t begin, size_t end);

/// The network's output for `x`. `training`: BN uses batch statistics (and updates the running
/// ones), dropout drops; `folded_into` is bn_folding(net).
torch::Tensor forward_graph(const workloads::Network& net, LayerTensors& tensors, const std::vector<int>& folded_into,
                            const torch::Tensor& x, const ForwardMode& mode, bool training);

}  // namespace imc::nas
