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

// On a residual network with per-layer bits, training quantizes every tensor the chip writes
// to the width the mapper gives it: weights, the crossbars' inputs and every layer's output
// (conv -> BN -> add is signed and quantized; the add writes the widest of its inputs).
TEST(LayerBits, TrainingQuantizesWhatTheMappedChipWrites) {
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
  const LayerBits b = layer_bits(net, {hw.quantization.weight_bits, hw.quantization.activation_bits});

  int adds = 0, signed_writes = 0;
  for (const mapping::LayerMapping& lm : m.layers) {
    const size_t i = static_cast<size_t>(net.find(lm.layer.name()));
    if (lm.layer.has_weights()) {
      EXPECT_EQ(b.weight_bits[i], lm.weight_bits) << lm.layer.name();
      EXPECT_EQ(b.input_bits[i], lm.input_bits) << lm.layer.name();
    }
    // The tensor this layer writes is quantized once, where its fused layers end.
    size_t end = i;
    while (b.output_bits[end] == 0 && net.layers()[end].consumers.size() == 1) {
      const auto& next = net.layer(net.layers()[end].consumers.front());
      if (next.kind() != LayerKind::BatchNorm && next.kind() != LayerKind::Relu && next.kind() != LayerKind::Dropout)
        break;
      end = static_cast<size_t>(net.find(next.name()));
    }
    EXPECT_EQ(b.output_bits[end], lm.output_bits) << lm.layer.name();
    adds += lm.layer.kind() == LayerKind::Add;
    signed_writes += b.output_signed[end] != 0;
  }
  EXPECT_GT(adds, 0);
  EXPECT_GT(signed_writes, 0) << "a conv -> BN -> add writes a signed tensor";
  EXPECT_GT(narrowed, 3);
}

}  // namespace
}  // namespace imc::nas
