// SPDX-License-Identifier: MIT
// A conv's or pool's window from its ONNX attributes: square kernel, equal strides, pads per side.
#pragma once

#include <cstdint>

#include "configs/net_spec.h"
#include "workloads/onnx/attributes.h"

namespace imc::workloads::onnx_import {

struct Window {
  int kernel = 1, stride = 1;
  config::Padding padding;
};

/// Reads kernel_shape (or `kernel_from_weights` when absent), strides, pads, auto_pad and
/// dilations; refuses what the IR cannot express, naming the attribute.
Window read_window(const Attributes& attrs, int64_t kernel_from_weights);

}  // namespace imc::workloads::onnx_import
