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
  /// weights, BN and the training normalizations at identity), from LibTorch's generator.
  explicit SupernetImpl(SupernetLayout layout);

  const SupernetLayout& layout() const { return m_layout; }

  /// A candidate's tensors: slices of the banks (gradients flow into them), and BN statistics
  /// of its own (a training forward updates them; they start at 0 and 1). The layers that
  /// train with a normalization (SupernetLayout::normalized_in_training) are normalized until
  /// fold() puts their statistics into their weights and biases.
  class View : public LayerTensors {
   public:
    View(SupernetImpl& net, const workloads::Network& candidate, std::vector<std::optional<LayerSlices>> slices)
        : m_net(net), m_candidate(candidate), m_slices(std::move(slices)) {}
    torch::Tensor weight(size_t layer) override;
    torch::Tensor bias(size_t layer) override;
    torch::Tensor running_mean(size_t layer) override { return statistics(layer).first; }
    torch::Tensor running_var(size_t layer) override { return statistics(layer).second; }
    torch::Tensor normalized(size_t layer, const torch::Tensor& y, bool training, double momentum) override;

    /// Re-estimates every BN statistic as the plain average over `images` in batches of `batch`
    /// (momentum 1 / (k + 1) at batch k), in the training forward of `mode` (no gradients).
    void recalibrate(const std::vector<int>& folded_into, const torch::Tensor& images, ForwardMode mode, int64_t batch);
    /// From now on the normalizations are inside the weights and biases (W * g / s,
    /// (b - m) * g / s + beta): the view computes as the extracted network does.
    void fold() { m_folded = true; }
    /// The candidate's weights and BN statistics, copied out as a network of its own holds them
    /// (folds first).
    workloads::NetWeights extract();

   private:
    /// The slice of `param` of a layer, scaled as TensorSlice::scale says; undefined when none.
    torch::Tensor get(size_t layer, const std::string& param) const;
    /// Running mean and variance of a BN layer or of a layer's normalization.
    std::pair<torch::Tensor, torch::Tensor>& statistics(size_t layer);
    bool has_norm(size_t layer) const;
    /// The factor a folded normalization multiplies the layer's output channels by: g / s.
    torch::Tensor norm_factor(size_t layer);

    SupernetImpl& m_net;
    const workloads::Network& m_candidate;
    std::vector<std::optional<LayerSlices>> m_slices;
    std::map<size_t, std::pair<torch::Tensor, torch::Tensor>> m_statistics;
    bool m_folded = false;
  };
  /// The view of `net` (the network `point` decodes to; it must outlive the view); throws
  /// std::invalid_argument when it is not in the supernet's space.
  View view(const Point& point, const workloads::Network& net) { return View(*this, net, m_layout.slices(point, net)); }

  /// A bank tensor by its layout name.
  torch::Tensor& tensor(const std::string& name) { return m_tensors.at(name); }

 private:
  SupernetLayout m_layout;
  std::map<std::string, torch::Tensor> m_tensors;
};
TORCH_MODULE(Supernet);

}  // namespace imc::nas
