// SPDX-License-Identifier: MIT
// The forward pass in the hardware view quantizes every tensor the mapped chip writes, and every
// crossbar input, to the width the mapper gives it: counted on the tensors themselves.
#include <gtest/gtest.h>

#include <map>

#include "configs/hw_config.h"
#include "configs/net_spec.h"
#include "mapping/mapping.h"
#include "nas/train/layer_bits.h"
#include "nas/train/torch_net.h"
#include "tests/nas/train/torch_test_util.h"
#include "tests/test_util.h"
#include "workloads/blocks.h"

namespace imc::nas {
namespace {

using workloads::LayerKind;

int64_t distinct_values(const torch::Tensor& t) { return std::get<0>(torch::_unique(t.detach().flatten())).numel(); }

// A residual network with per-layer bits (conv -> BN -> add is signed; the add writes the widest
// of its inputs): every written tensor holds at most 2^bits values, every crossbar input at most
// 2^input_bits, and the widths are used (more than 2^(bits-1) values somewhere).
TEST(QuantizedForward, WritesEveryTensorAtTheWidthTheMapperGivesIt) {
  config::NetSpec spec =
      workloads::build_block_net(workloads::parse_blocks("RES/16,VGG/16,RES/32"), {28, 28, 1, false}, {32, 10, 0.5});
  int narrowed = 0;
  for (config::LayerSpec& l : spec.layers) {
    if (l.kind == LayerKind::Conv2d && narrowed++ % 2 == 0) {
      l.weight_bits = 5;
      l.activation_bits = 4 + narrowed % 3;
    }
    if (l.kind == LayerKind::Add && narrowed % 2 == 1) l.activation_bits = 7;
  }
  const workloads::Network net = workloads::Network::build(spec);
  const config::HwConfig hw = config::load_hw_config(test::source_path("configs/hw/mnsim-2024.toml"));
  const mapping::Mapping m = mapping::map_network(net, hw);
  NetModule model = torch_test::warmed_up_model(net, 2, 16, torch::kFloat32);
  torch::NoGradGuard no_grad;
  ForwardMode mode = torch_test::hardware_view_on(net, hw);
  std::map<std::pair<size_t, std::string>, int64_t> seen;  // (layer, "input"/"output") -> distinct values
  mode.tap = [&](size_t layer, const char* what, const torch::Tensor& t) { seen[{layer, what}] = distinct_values(t); };
  model->forward(torch::randn({8, 1, 28, 28}), mode);

  int adds = 0, checked = 0;
  std::map<int, int64_t> most_at_width;  // bits -> the most values any tensor of that width holds
  auto check = [&](size_t layer, const char* what, int width, const std::string& name) {
    ASSERT_TRUE(seen.count({layer, what})) << name;
    const int64_t n = seen[{layer, what}];
    EXPECT_LE(n, int64_t{1} << width) << name << " " << what << " at " << width << " bits";
    most_at_width[width] = std::max(most_at_width[width], n);
    ++checked;
  };
  for (const mapping::LayerMapping& lm : m.layers) {
    const size_t i = static_cast<size_t>(net.find(lm.layer.name()));
    if (lm.layer.has_weights()) check(i, "input", lm.input_bits, lm.layer.name());
    // The tensor this layer writes leaves the chain of layers fused into it (BN, ReLU, dropout).
    size_t end = i;
    while (net.layers()[end].consumers.size() == 1) {
      const auto& next = net.layer(net.layers()[end].consumers.front());
      if (next.kind() != LayerKind::BatchNorm && next.kind() != LayerKind::Relu && next.kind() != LayerKind::Dropout)
        break;
      end = static_cast<size_t>(net.find(next.name()));
    }
    if (end + 1 < net.layers().size()) check(end, "output", lm.output_bits, lm.layer.name());  // not the logits
    adds += lm.layer.kind() == LayerKind::Add;
  }
  EXPECT_GT(adds, 0);
  EXPECT_GT(checked, 10);
  EXPECT_GT(most_at_width.size(), 2u);  // several widths, each used
  for (const auto& [width, most] : most_at_width) EXPECT_GT(most, int64_t{1} << (width - 1)) << width << " bits";
}

// ReLU6 (a relu with max = 6, as MobileNetV2's Clip imports) bounds its output on both sides.
TEST(QuantizedForward, AReluWithAMaxClipsBothSides) {
  const workloads::Network net = workloads::Network::build(config::parse_net_text(
      "name = \"r6\"\n[[layer]]\nname = \"in\"\nkind = \"input\"\nheight = 1\nwidth = 1\nchannels = 4\n"
      "[[layer]]\nname = \"r\"\nkind = \"relu\"\nmax = 6\n[[layer]]\nname = \"f\"\nkind = \"flatten\"\n"
      "[[layer]]\nname = \"fc\"\nkind = \"linear\"\nout_features = 2\n",
      "r6.toml"));
  NetModule model(net);
  model->eval();
  ForwardMode mode;
  torch::Tensor relu_out;
  mode.tap = [&](size_t layer, const char* what, const torch::Tensor& t) {
    if (layer == 1 && std::string(what) == "output") relu_out = t.detach().flatten();
  };
  torch::NoGradGuard no_grad;
  model->forward(torch::tensor({-3.0f, 0.5f, 6.0f, 9.0f}).view({1, 4, 1, 1}), mode);
  ASSERT_TRUE(relu_out.defined());
  EXPECT_TRUE(torch::equal(relu_out, torch::tensor({0.0f, 0.5f, 6.0f, 6.0f})));
}

}  // namespace
}  // namespace imc::nas
