// SPDX-License-Identifier: MIT
// A plain, hand-written LibTorch training loop, the yardstick for the trainer's
// overhead (docs/benchmarks.md). Plain C++ interface.
#pragma once

#include "nas/train/dataset.h"

namespace imc::nas {

/// Trains VGG(k) + head (conv3x3-ReLU-conv3x3-ReLU-maxpool-flatten-FC(hidden)-ReLU-FC) written
/// directly as a torch::nn::Sequential, for one epoch over the first `subset` training
/// images; returns samples per second.
double plain_libtorch_samples_per_s(const DataSplits& data, int k, int hidden, size_t subset, int batch_size,
                                    uint64_t seed);

}  // namespace imc::nas
