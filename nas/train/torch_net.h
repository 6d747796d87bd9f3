// SPDX-License-Identifier: MIT
// The LibTorch module built from a network of the IR (internal to nas/train).
#pragma once

#include <torch/torch.h>

#include <functional>
#include <optional>
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

class NetModuleImpl : public torch::nn::Module {
 public:
  explicit NetModuleImpl(const workloads::Network& net);
  torch::Tensor forward(const torch::Tensor& x, const ForwardMode& mode);
  torch::Tensor forward(const torch::Tensor& x) { return forward(x, ForwardMode{}); }
  const workloads::Network& network() const { return m_net; }

 private:
  torch::Tensor weighted(size_t index, const torch::Tensor& x, const ForwardMode& mode);

  workloads::Network m_net;
  std::vector<torch::nn::Conv2d> m_conv;  ///< by layer index (empty where not conv)
  std::vector<torch::nn::Linear> m_linear;
  std::vector<torch::nn::BatchNorm2d> m_bn2d;
  std::vector<torch::nn::BatchNorm1d> m_bn1d;
  std::vector<int> m_folded_into;  ///< BN layer index -> the conv it folds into, else -1
};
TORCH_MODULE(NetModule);

/// Symmetric fake quantization to `bits` (sign included) with a straight-through gradient, the
/// codes perturbed by Gaussian noise of `noise_std` steps or, with `cells`, held by a chip's cells.
torch::Tensor fake_quantize_signed(const torch::Tensor& w, int bits, double noise_std,
                                   const TrainingCells* cells = nullptr);

/// Integer codes and their step: x ~ codes * step, symmetric to `bits` (sign included) when
/// `is_signed`, else unsigned (what fake_quantize_* round to). The top code stands for `range`
/// (values beyond it saturate); none: for the largest |x|.
struct Quantized {
  torch::Tensor codes;
  torch::Tensor step;
};
Quantized quantize_codes(const torch::Tensor& x, int bits, bool is_signed, std::optional<double> range = {});

}  // namespace imc::nas
