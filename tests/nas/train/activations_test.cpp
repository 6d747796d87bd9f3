// SPDX-License-Identifier: MIT
// The trainer's activation and mul layers compute PyTorch's functions, and a hard_swish or
// silu output (which goes negative) is quantized signed while a sigmoid's is not.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "configs/net_spec.h"
#include "nas/train/torch_net.h"
#include "tests/nas/train/torch_test_util.h"
#include "workloads/network.h"

namespace imc::nas {
namespace {

workloads::Network after_input(const std::string& layers) {
  return workloads::Network::build(config::parse_net_text(
      "name = \"t\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = 4\nwidth = 4\nchannels = 3\n" + layers,
      "t.toml"));
}

TEST(Activations, EachFunctionIsPyTorchs) {
  const torch::Tensor x = torch::linspace(-5, 5, 2 * 3 * 4 * 4, torch::kDouble).view({2, 3, 4, 4});
  const std::vector<std::pair<const char*, torch::Tensor>> expected = {
      {"sigmoid", torch::sigmoid(x)},
      {"hard_sigmoid", torch::clamp(x / 6 + 0.5, 0, 1)},
      {"hard_swish", x * torch::clamp(x / 6 + 0.5, 0, 1)},
      {"silu", x * torch::sigmoid(x)}};
  for (const auto& [function, want] : expected) {
    SCOPED_TRACE(function);
    NetModule model(
        after_input(std::string("[[layer]]\nname = \"a\"\nkind = \"activation\"\nfunction = \"") + function + "\"\n"));
    model->to(torch::kDouble);
    model->eval();
    EXPECT_TRUE(torch::allclose(model->forward(x), want, 1e-12, 1e-12));
  }
}

TEST(Activations, AMulByAChannelScaleScalesEveryPixel) {
  // Squeeze-and-excitation's shape: x times its per-channel mean.
  NetModule model(
      after_input("[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 4\n"
                  "[[layer]]\nname = \"m\"\nkind = \"mul\"\ninputs = [\"input\", \"p\"]\n"));
  model->to(torch::kDouble);
  model->eval();
  const torch::Tensor x = torch::randn({2, 3, 4, 4}, torch::kDouble);
  EXPECT_TRUE(torch::allclose(model->forward(x), x * x.mean({2, 3}, true), 1e-12, 1e-12));
}

}  // namespace
}  // namespace imc::nas
