// SPDX-License-Identifier: MIT
#include "nas/train/layer_bits.h"

#include <gtest/gtest.h>

#include "configs/hw_config.h"
#include "mapping/mapping.h"
#include "tests/test_util.h"
#include "workloads/blocks.h"
#include "workloads/library.h"

namespace imc::nas {
namespace {

using workloads::LayerKind;

TEST(LayerBits, TheNetworksOwnThenGlobal) {
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
  const LayerBits b = layer_bits(net, q);
  auto at = [&](const char* name) { return static_cast<size_t>(net.find(name)); };
  EXPECT_EQ(b.weight_bits[at("conv1")], 4);       // the network's own
  EXPECT_EQ(b.weight_bits[at("conv2")], 9);       // global
  EXPECT_EQ(b.output_bits[at("conv1_relu")], 6);  // written after conv1, its BN and its ReLU
  EXPECT_EQ(b.output_bits[at("conv1")], 0);       // not between them
  EXPECT_FALSE(b.output_signed[at("conv1_relu")]);
  EXPECT_EQ(b.input_bits[at("conv2")], 6);      // what conv1 wrote, through the pooling
  EXPECT_EQ(b.weight_bits[at("conv1_bn")], 0);  // no weights to quantize

  const LayerBits off = layer_bits(net, QuantSpec{});  // quantization off: float everywhere
  EXPECT_EQ(off.weight_bits[at("conv1")], 0);
  EXPECT_EQ(off.output_bits[at("conv1_relu")], 0);
  EXPECT_EQ(off.input_bits[at("conv2")], 0);
}

}  // namespace
}  // namespace imc::nas
