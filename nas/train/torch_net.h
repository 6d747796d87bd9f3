// SPDX-License-Identifier: MIT
// The LibTorch module built from a network of the IR (internal to nas/train).
#pragma once

#include <torch/torch.h>

#include <vector>

#include "nas/train/graph_forward.h"
#include "nas/train/quantizers.h"
#include "workloads/network.h"

namespace imc::nas {

/// A network's own parameters, one torch module per weighted or BN layer.
class NetModuleImpl : public torch::nn::Module, public LayerTensors {
 public:
  explicit NetModuleImpl(const workloads::Network& net);
  torch::Tensor forward(const torch::Tensor& x, const ForwardMode& mode);
  torch::Tensor forward(const torch::Tensor& x) { return forward(x, ForwardMode{}); }
  const workloads::Network& network() const { return m_net; }

  torch::Tensor weight(size_t layer) override;
  torch::Tensor bias(size_t layer) override;
  torch::Tensor running_mean(size_t layer) override;
  torch::Tensor running_var(size_t layer) override;

 private:
  workloads::Network m_net;
  std::vector<torch::nn::Conv2d> m_conv;  ///< by layer index (empty where not conv)
  std::vector<torch::nn::Linear> m_linear;
  std::vector<torch::nn::BatchNorm2d> m_bn2d;
  std::vector<torch::nn::BatchNorm1d> m_bn1d;
  std::vector<int> m_folded_into;  ///< BN layer index -> the conv it folds into, else -1
};
TORCH_MODULE(NetModule);

}  // namespace imc::nas
