// SPDX-License-Identifier: MIT
// A dataset's images and labels as tensors (internal to nas/train and nas/oneshot).
#pragma once

#include <torch/torch.h>

#include "nas/train/dataset.h"

namespace imc::nas {

/// Pixels / 255, normalized per channel with the splits' mean and std, as N x C x H x W floats.
torch::Tensor images_tensor(const ImageSet& s, const DataSplits& d);
/// The labels as int64.
torch::Tensor labels_tensor(const ImageSet& s);

}  // namespace imc::nas
