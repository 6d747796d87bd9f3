// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/network.h"

namespace imc::workloads {

/// The largest tensor a layer may produce (elements). Larger ones are refused with a clear
/// error rather than overflowing 32-bit counts downstream; documented in docs/network-format.md.
constexpr int64_t kMaxTensorElements = int64_t{1} << 30;
/// The most weights one conv or linear layer may have.
constexpr int64_t kMaxLayerWeights = int64_t{1} << 32;

/// Sets layer.in, layer.out, layer.params and layer.macs from its producers'
/// output shapes. Throws std::invalid_argument describing the problem.
void infer_layer(Layer& layer, const std::vector<const Layer*>& producers);

/// Output size of a sliding window over one axis padded by `pad_begin` and `pad_end`; throws
/// std::invalid_argument below 1.
int window_output(int size, int kernel, int stride, int pad_begin, int pad_end, const char* what,
                  bool ceil_mode = false);

}  // namespace imc::workloads
