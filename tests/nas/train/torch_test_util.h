// SPDX-License-Identifier: MIT
// Set-up shared by the LibTorch tests of nas/train.
#pragma once

#include <torch/torch.h>

#include "configs/hw_config.h"
#include "nas/train/layer_bits.h"
#include "nas/train/torch_net.h"

namespace imc::nas::torch_test {

/// A module of `net` in `dtype`, seeded by `seed`, in eval mode with BN statistics that are not
/// 0 and 1 (one training forward of `images` random images).
inline NetModule warmed_up_model(const workloads::Network& net, uint64_t seed, int64_t images,
                                 torch::Dtype dtype = torch::kDouble) {
  torch::manual_seed(seed);
  NetModule model(net);
  model->to(dtype);
  model->train();
  const workloads::Shape in = net.input().out;
  model->forward(torch::randn({images, in.channels, in.height, in.width}, dtype));
  model->eval();
  return model;
}

/// The hardware view of `net` at the widths of the chip `hw`.
inline ForwardMode hardware_view_on(const workloads::Network& net, const config::HwConfig& hw) {
  return ForwardMode::hardware_view(layer_bits(net, {hw.quantization.weight_bits, hw.quantization.activation_bits}));
}

}  // namespace imc::nas::torch_test
