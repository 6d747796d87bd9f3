// SPDX-License-Identifier: MIT
// A recomputing forward computes what the plain one computes, output and gradients bit for bit,
// and does recompute its segments in the backward pass.
#include "nas/train/recomputed_forward.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "configs/net_spec.h"
#include "nas/train/layer_bits.h"
#include "nas/train/torch_net.h"
#include "workloads/library.h"

namespace imc::nas {
namespace {

workloads::Network blocks(const std::string& arch) {
  workloads::NetRequest req;
  req.net = "blocks:" + arch;
  req.input = workloads::Shape{10, 10, 2, false};
  req.classes = 4;
  req.head_hidden = 12;
  return workloads::load_network(req);
}

struct Pass {
  torch::Tensor out, x_grad;
  std::vector<torch::Tensor> grads, statistics;
  int recomputed_outputs = 0;  ///< layer outputs seen during the backward pass
};

/// One training forward and backward of a fresh module of `net` (seed 7), plain or recomputing.
Pass train_step(const workloads::Network& net, ForwardMode mode, bool recompute) {
  torch::manual_seed(7);
  NetModule model(net);
  model->train();
  torch::Tensor x = torch::randn({6, 2, 10, 10}).requires_grad_(true);
  Pass p;
  bool in_backward = false;
  mode.tap = [&](size_t, const char* what, const torch::Tensor&) {
    if (in_backward && std::string(what) == "output") ++p.recomputed_outputs;
  };
  torch::manual_seed(11);  // dropout
  const std::vector<int> folded = bn_folding(net);
  p.out = recompute ? forward_graph_recomputing(net, *model, folded, x, mode, model->parameters())
                    : forward_graph(net, *model, folded, x, mode, true);
  in_backward = true;
  (p.out * torch::linspace(-1, 1, p.out.numel()).view(p.out.sizes())).sum().backward();
  p.x_grad = x.grad();
  for (const torch::Tensor& t : model->parameters()) p.grads.push_back(t.grad());
  for (const torch::Tensor& t : model->buffers()) p.statistics.push_back(t.clone());
  return p;
}

void expect_same(const Pass& a, const Pass& b) {
  EXPECT_TRUE(torch::equal(a.out, b.out));
  EXPECT_TRUE(torch::equal(a.x_grad, b.x_grad));
  ASSERT_EQ(a.grads.size(), b.grads.size());
  for (size_t i = 0; i < a.grads.size(); ++i) {
    ASSERT_TRUE(a.grads[i].defined() && b.grads[i].defined()) << "parameter " << i;
    EXPECT_TRUE(torch::equal(a.grads[i], b.grads[i])) << "parameter " << i;
  }
  ASSERT_EQ(a.statistics.size(), b.statistics.size());
  for (size_t i = 0; i < a.statistics.size(); ++i)
    EXPECT_TRUE(torch::equal(a.statistics[i], b.statistics[i])) << "BN statistic " << i;
}

TEST(RecomputedForward, GivesThePlainForwardsOutputGradientsAndStatisticsBitForBit) {
  const workloads::Network net = blocks("VGG/8,RES/16,MVGG/8,RES/8");
  ForwardMode quantized = ForwardMode::hardware_view(layer_bits(net, {6, 7}));
  quantized.fold_bn = false;
  for (const ForwardMode& mode : {ForwardMode{}, quantized}) {
    const Pass plain = train_step(net, mode, false), recomputed = train_step(net, mode, true);
    expect_same(plain, recomputed);
    EXPECT_EQ(plain.recomputed_outputs, 0);
    // Every block after the input's is run again in the backward pass.
    EXPECT_GT(recomputed.recomputed_outputs, 12);
  }
}

TEST(RecomputedForward, CutsBetweenBlocksWhereOneTensorIsLive) {
  const workloads::Network net = blocks("RES/8,VGG/8");
  const std::vector<size_t> cuts = single_tensor_cuts(net);
  ASSERT_FALSE(cuts.empty());
  for (size_t cut : cuts) {
    // Nothing before the cut is read after it, except the cut's own output.
    for (size_t p = 0; p < cut; ++p)
      for (int c : net.layers()[p].consumers) EXPECT_LE(c, static_cast<int>(cut)) << p << " read past " << cut;
    EXPECT_GT(net.layers()[cut].consumers.back(), static_cast<int>(cut));
  }
  // Not inside the residual block: its input is live until the add.
  for (size_t i = 0; i < net.layers().size(); ++i)
    if (net.layers()[i].kind() == workloads::LayerKind::Add) {
      const int shortcut_source = net.layers()[i].producers.front();
      for (size_t cut : cuts) EXPECT_FALSE(cut > static_cast<size_t>(shortcut_source) && cut < i);
    }
}

TEST(RecomputedForward, RefusesAModeThatDrawsNoise) {
  const workloads::Network net = blocks("VGG/8");
  NetModule model(net);
  ForwardMode noisy = ForwardMode::hardware_view(layer_bits(net, {6, 7}));
  noisy.noise_std.assign(net.layers().size(), 0.5);
  EXPECT_THROW(
      forward_graph_recomputing(net, *model, bn_folding(net), torch::randn({2, 2, 10, 10}), noisy, model->parameters()),
      std::invalid_argument);
}

TEST(RecomputedForward, CountsEveryLayersOutputForTheBatch) {
  const workloads::Network net = blocks("VGG/8");
  int64_t elements = 0;
  for (const workloads::Layer& l : net.layers()) elements += l.out.elements();
  EXPECT_EQ(activation_bytes(net, 3), elements * 3 * 4);
  EXPECT_GT(activation_bytes(net, 1), 10 * 10 * 8 * 4);  // at least the block's conv output
}

}  // namespace
}  // namespace imc::nas
