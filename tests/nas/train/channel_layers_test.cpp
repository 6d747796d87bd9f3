// SPDX-License-Identifier: MIT
// The trainer's channel_shuffle and slice layers reorder and pick the channels ShuffleNet's
// channel_shuffle and chunk do; an average pool counts its padding in the divisor or not.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <optional>

#include "configs/net_spec.h"
#include "nas/train/torch_net.h"
#include "workloads/network.h"

namespace imc::nas {
namespace {

/// The network's output on `x`, every weight set to `weight` when given.
torch::Tensor forward(const std::string& layers, const torch::Tensor& x, std::optional<double> weight = {}) {
  NetModule model(workloads::Network::build(config::parse_net_text(
      "name = \"t\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = 2\nwidth = 2\nchannels = 6\n" + layers,
      "t.toml")));
  model->eval();
  torch::NoGradGuard no_grad;
  if (weight)
    for (auto& p : model->parameters()) p.fill_(*weight);
  return model->forward(x);
}

TEST(ChannelLayers, AShuffleInterleavesTheGroupsChannels) {
  const torch::Tensor x = torch::randn({2, 6, 2, 2});
  // Groups [0 1 2] and [3 4 5] interleave: 0 3 1 4 2 5 (torchvision's channel_shuffle).
  const torch::Tensor y = forward("[[layer]]\nname = \"s\"\nkind = \"channel_shuffle\"\ngroups = 2\n", x);
  EXPECT_TRUE(torch::equal(y, x.index_select(1, torch::tensor({0, 3, 1, 4, 2, 5}))));
  const torch::Tensor z = forward("[[layer]]\nname = \"s\"\nkind = \"channel_shuffle\"\ngroups = 3\n", x);
  EXPECT_TRUE(torch::equal(z, x.index_select(1, torch::tensor({0, 2, 4, 1, 3, 5}))));
}

TEST(ChannelLayers, ASliceKeepsItsChannelRange) {
  const torch::Tensor x = torch::randn({2, 6, 2, 2});
  const torch::Tensor y = forward("[[layer]]\nname = \"s\"\nkind = \"slice\"\nbegin = 2\nend = 5\n", x);
  EXPECT_TRUE(torch::equal(y, x.index_select(1, torch::tensor({2, 3, 4}))));
}

TEST(ChannelLayers, AnAveragePoolCountsItsPaddingOnlyWhenTold) {
  const torch::Tensor x = torch::ones({1, 6, 2, 2});
  const std::string pool = "[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 3\nstride = 1\npadding = 1\n";
  // A corner of a 2x2 map sees 4 of its 9 window pixels; the rest is padding.
  EXPECT_TRUE(torch::allclose(forward(pool, x), torch::full({1, 6, 2, 2}, 4.0 / 9.0)));
  EXPECT_TRUE(torch::allclose(forward(pool + "count_include_pad = false\n", x), x));
}

// issue 26: padding [top, left, bottom, right] (TensorFlow's SAME of an even kernel) pads the
// bottom and right only; a max pool pads with -inf, an average pool with zeros.
TEST(ChannelLayers, UnequalPaddingPadsTheSidesItNames) {
  const torch::Tensor x = torch::ones({1, 6, 2, 2});
  const std::string conv = "[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 1\nkernel = 2\nbias = false\n";
  // All-ones weights sum the window over 6 channels: 4 pixels inside at the top left, 1 at the bottom right.
  EXPECT_TRUE(torch::equal(forward(conv + "padding = [0, 0, 1, 1]\n", x, 1.0),
                           6 * torch::tensor({4.0f, 2.0f, 2.0f, 1.0f}).view({1, 1, 2, 2})));
  EXPECT_TRUE(torch::equal(forward(conv + "padding = [1, 1, 0, 0]\n", x, 1.0),
                           6 * torch::tensor({1.0f, 2.0f, 2.0f, 4.0f}).view({1, 1, 2, 2})));

  const std::string pool =
      "[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 2\nstride = 1\npadding = [0, 0, 1, 1]\n";
  const torch::Tensor counted = torch::tensor({1.0f, 0.5f, 0.5f, 0.25f}).view({1, 1, 2, 2}).expand({1, 6, 2, 2});
  EXPECT_TRUE(torch::allclose(forward(pool, x), counted));
  EXPECT_TRUE(torch::allclose(forward(pool + "count_include_pad = false\n", x), x));
  const std::string max =
      "[[layer]]\nname = \"p\"\nkind = \"maxpool\"\nkernel = 2\nstride = 1\npadding = [0, 0, 1, 1]\n";
  EXPECT_TRUE(torch::equal(forward(max, -x), -x));  // zeros would win over -1 at the padded edge
}

}  // namespace
}  // namespace imc::nas
