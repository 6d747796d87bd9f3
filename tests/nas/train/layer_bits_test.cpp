// SPDX-License-Identifier: MIT
#include "nas/train/layer_bits.h"

#include <gtest/gtest.h>

#include "workloads/library.h"

namespace imc::nas {
namespace {

TEST(LayerBits, OverridesThenTheNetworksOwnThenGlobal) {
  config::NetSpec spec = workloads::resolve_net_spec({"nacim", {}, {}, 256});
  for (config::LayerSpec& l : spec.layers)
    if (l.name == "conv1") {
      l.weight_bits = 4;
      l.activation_bits = 6;
    }
  const workloads::Network net = workloads::Network::build(spec);
  QuantSpec q;
  q.weight_bits = 9;
  q.activation_bits = 9;
  q.layer_weight_bits["conv2"] = 3;
  const LayerBits b = layer_bits(net, q);
  auto at = [&](const char* name) { return static_cast<size_t>(net.find(name)); };
  EXPECT_EQ(b.weight_bits[at("conv1")], 4);           // the network's own
  EXPECT_EQ(b.weight_bits[at("conv2")], 3);           // an explicit override wins
  EXPECT_EQ(b.weight_bits[at("conv3")], 9);           // global
  EXPECT_EQ(b.activation_bits[at("conv1_relu")], 6);  // through conv1_bn to conv1
  EXPECT_EQ(b.activation_bits[at("conv2_relu")], 9);
  EXPECT_EQ(b.weight_bits[at("conv1_bn")], 0);  // no weights to quantize

  const LayerBits off = layer_bits(net, QuantSpec{});  // quantization off: float everywhere
  EXPECT_EQ(off.weight_bits[at("conv1")], 0);
  EXPECT_EQ(off.activation_bits[at("conv1_relu")], 0);
}

}  // namespace
}  // namespace imc::nas
