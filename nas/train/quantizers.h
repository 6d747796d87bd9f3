// SPDX-License-Identifier: MIT
// The fake quantizers of a forward pass (internal to nas/train): integer codes and their step,
// with a straight-through gradient.
#pragma once

#include <torch/torch.h>

#include <optional>

#include "nas/train/hw_forward.h"

namespace imc::nas {

/// Symmetric fake quantization to `bits` (sign included) with a straight-through gradient, the
/// codes perturbed by Gaussian noise of `noise_std` steps or, with `cells`, held by a chip's cells.
torch::Tensor fake_quantize_signed(const torch::Tensor& w, int bits, double noise_std,
                                   const TrainingCells* cells = nullptr);

/// Quantizes a tensor the hardware writes (or reads): signed when it can be negative; the top
/// code stands for `range` (none: the largest |x|). Straight-through gradient.
torch::Tensor fake_quantize(const torch::Tensor& x, int bits, bool is_signed, std::optional<double> range);

/// Integer codes and their step: x ~ codes * step, symmetric to `bits` (sign included) when
/// `is_signed`, else unsigned (what fake_quantize_* round to). The top code stands for `range`
/// (values beyond it saturate); none: for the largest |x|.
struct Quantized {
  torch::Tensor codes;
  torch::Tensor step;
};
Quantized quantize_codes(const torch::Tensor& x, int bits, bool is_signed, std::optional<double> range = {});

}  // namespace imc::nas
