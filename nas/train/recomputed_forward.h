// SPDX-License-Identifier: MIT
// A training forward that trades compute for memory (internal to nas/train and nas/oneshot):
// only each segment's input is kept for the backward pass, which runs the segment again to
// get what it needs (activation checkpointing, as torch.utils.checkpoint does).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "nas/train/graph_forward.h"
#include "workloads/network.h"

namespace imc::nas {

/// The bytes of float32 activations a training forward of `net` produces for `batch` images:
/// every layer's output once (what the backward pass of a plain forward roughly keeps).
int64_t activation_bytes(const workloads::Network& net, int64_t batch);

/// The layers after which exactly one tensor is live (and that is the layer's own output), the
/// last layer excepted: where a forward can be cut into segments that pass on one tensor (the
/// blocks of an amin2024 network, the residual blocks of a ResNet).
std::vector<size_t> single_tensor_cuts(const workloads::Network& net);

/// forward_graph in training, keeping only the input of each segment between
/// single_tensor_cuts for the backward pass, which recomputes the segment: the same outputs and
/// gradients, bit for bit, for the activations of one segment instead of the whole network's,
/// at the cost of a second forward. Gradients reach `x` and `leaves` (the tensors `tensors`
/// derives its weights from) only. BN statistics move once (the recomputation moves them by
/// momentum 0). A segment with a dropout runs plainly (recomputing would draw another mask).
/// `net`, `tensors` and `folded_into` must outlive the backward pass. Throws
/// std::invalid_argument for a mode that draws noise (cells, noise_std, the chip's product),
/// which a recomputation would draw again.
torch::Tensor forward_graph_recomputing(const workloads::Network& net, LayerTensors& tensors,
                                        const std::vector<int>& folded_into, const torch::Tensor& x,
                                        const ForwardMode& mode, const std::vector<torch::Tensor>& leaves);

}  // namespace imc::nas
