// SPDX-License-Identifier: MIT
// The supernet (internal to nas/oneshot and nas/train): one trainable tensor per bank of a
// SupernetLayout, and each candidate's view of them, which the IR's forward runs on
// (graph_forward.h) exactly as it runs on a network's own module.
#pragma once

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nas/oneshot/supernet_layout.h"
#include "nas/train/graph_forward.h"
#include "workloads/net_weights.h"

namespace imc::nas {

class SupernetImpl : public torch::nn::Module {
 public:
  /// Banks initialized as PyTorch initializes a layer of the bank's size (Kaiming-uniform
  /// weights, BN at identity), from LibTorch's generator.
  explicit SupernetImpl(SupernetLayout layout);

  const SupernetLayout& layout() const { return m_layout; }

  /// A candidate's tensors: slices of the banks (gradients flow into them; a training
  /// forward updates the BN statistics of the slices in the banks).
  class View : public LayerTensors {
   public:
    View(SupernetImpl& net, std::vector<std::optional<LayerSlices>> slices) : m_net(net), m_slices(std::move(slices)) {}
    torch::Tensor weight(size_t layer) override { return get(layer, "weight"); }
    torch::Tensor bias(size_t layer) override { return get(layer, "bias"); }
    torch::Tensor running_mean(size_t layer) override { return get(layer, "running_mean"); }
    torch::Tensor running_var(size_t layer) override { return get(layer, "running_var"); }

   private:
    torch::Tensor get(size_t layer, const std::string& param) const;
    SupernetImpl& m_net;
    std::vector<std::optional<LayerSlices>> m_slices;
  };
  /// The view of the network `point` decodes to; throws std::invalid_argument when it is not
  /// in the supernet's space.
  View view(const Point& point, const workloads::Network& net) { return View(*this, m_layout.slices(point, net)); }

  /// The candidate's weights and BN statistics, copied out, as a network of its own holds them.
  workloads::NetWeights extract(const Point& point, const workloads::Network& net);

  /// A bank tensor by its layout name.
  torch::Tensor& tensor(const std::string& name) { return m_tensors.at(name); }

 private:
  SupernetLayout m_layout;
  std::map<std::string, torch::Tensor> m_tensors;
};
TORCH_MODULE(Supernet);

}  // namespace imc::nas
