// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "workloads/network.h"

namespace imc::workloads {

/// Sets layer.in, layer.out, layer.params and layer.macs from its producers'
/// output shapes. Throws std::invalid_argument describing the problem.
void infer_layer(Layer& layer, const std::vector<const Layer*>& producers);

/// Output size of a sliding window; throws std::invalid_argument below 1.
int window_output(int size, int kernel, int stride, int padding, const char* what);

}  // namespace imc::workloads
