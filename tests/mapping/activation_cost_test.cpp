// SPDX-License-Identifier: MIT
// Activations other than ReLU run on the tile's activation units of the layer they follow
// (time per pixel, energy per element, by function); an element-wise product runs on the
// global accumulator with its own latency and power, and a channel shuffle moves pixels through it.
#include <gtest/gtest.h>

#include <cmath>

#include "mapping/cost_model.h"
#include "mapping/pipeline.h"
#include "mapping/precision.h"
#include "mapping/timing.h"
#include "tests/mapping/mapping_test_util.h"

namespace imc::mapping {
namespace {

using test::se_block;

TEST(ActivationCost, FusedActivationsCostTimeAndEnergyOnTheLayerTheyFollow) {
  const config::HwConfig hw = test::mnsim_hw();
  const Mapping m = map_network(se_block(), hw);
  ASSERT_EQ(m.layers.size(), 4u);  // a, pool, b, scaled
  const LayerMapping &a = m.layers[0], &b = m.layers[2];
  ASSERT_EQ(a.activations, std::vector<config::Activation>{config::Activation::HardSwish});
  ASSERT_EQ(b.activations, std::vector<config::Activation>{config::Activation::Sigmoid});
  EXPECT_TRUE(m.layers[1].activations.empty());
  // 96 channels over 64 lanes: two cycles of 0.833 ns.
  EXPECT_DOUBLE_EQ(pixel_time(m, a, PixelPosition::Steady).activation_ns, 2 * hw.activation.cycle_ns);
  const Estimate e = estimate(m);
  EXPECT_NEAR(e.layers[0].energy.activation_pj, 8 * 8 * 96 * 0.43, 1e-9);
  EXPECT_NEAR(e.layers[2].energy.activation_pj, 96 * 0.217, 1e-9);
  EXPECT_NEAR(e.energy.activation_pj, 8 * 8 * 96 * 0.43 + 96 * 0.217, 1e-9);
  EXPECT_GT(e.energy.total_pj(), e.energy.mnsim_comparable_pj() + e.energy.activation_pj);

  // Without the activations the pixels are faster by exactly the units' time.
  config::HwConfig free_units = hw;
  free_units.activation.cycle_ns = 1e-6;
  EXPECT_GT(e.layers[0].finish_ns, estimate(map_network(se_block(), free_units)).layers[0].finish_ns);
}

TEST(ActivationCost, AProductRunsOnTheAccumulatorWithItsOwnLatencyAndPower) {
  const config::HwConfig hw = test::mnsim_hw({"accumulator.mul_latency_ns=25"});
  EXPECT_DOUBLE_EQ(hw.accumulator.mul_power_mw, hw.accumulator.add_power_mw * config::kMultiplyToAddEnergy);
  const Mapping m = map_network(se_block(), hw);
  const LayerMapping& mul = m.layers[3];
  ASSERT_EQ(mul.engine, Engine::Accumulator);
  EXPECT_EQ(accumulator_op(mul), config::AccumulatorOp::Multiply);
  EXPECT_DOUBLE_EQ(pixel_time(m, mul, PixelPosition::Steady).accumulator_ns, 25);
  EXPECT_NEAR(
      estimate(m).layers[3].energy.accumulator_pj -
          8 * 8 * 2 *
              timing::buffer_access_ns(hw.buffer, pixel_work(m, mul, PixelPosition::Steady).global_buffer_bytes) *
              (hw.buffer.output_power_mw + hw.buffer.leakage_power_mw),
      8 * 8 * 25 * hw.accumulator.mul_power_mw, 1e-6);
}

TEST(ActivationCost, AHardSwishOutputIsQuantizedSignedASigmoidsUnsigned) {
  const workloads::Network net = se_block();
  const std::vector<LayerPrecision> p = layer_precisions(net, 8, 8);
  EXPECT_TRUE(p[static_cast<size_t>(net.find("a_act"))].signed_output);  // x * hardsigmoid(x) dips to -0.375
  EXPECT_FALSE(p[static_cast<size_t>(net.find("gate"))].signed_output);
}

// ShuffleNet's block: the slices are free (their consumers receive the whole pixel), the
// channel shuffle moves each pixel through the global buffer: no arithmetic, one read and write.
TEST(ActivationCost, AChannelShuffleMovesPixelsThroughTheAccumulatorWithoutArithmetic) {
  const std::string text = R"(name = "shuffle"
[[layer]]
name = "input"
kind = "input"
height = 8
width = 8
channels = 16
[[layer]]
name = "a"
kind = "conv2d"
out_channels = 16
kernel = 3
padding = 1
[[layer]]
name = "x1"
kind = "slice"
begin = 0
end = 8
[[layer]]
name = "x2"
kind = "slice"
inputs = ["a"]
begin = 8
end = 16
[[layer]]
name = "b"
kind = "conv2d"
out_channels = 8
kernel = 1
[[layer]]
name = "cat"
kind = "concat"
inputs = ["x1", "b"]
[[layer]]
name = "shuffled"
kind = "channel_shuffle"
groups = 2
[[layer]]
name = "c"
kind = "conv2d"
out_channels = 16
kernel = 1
)";
  const config::HwConfig hw = test::mnsim_hw();
  const Mapping m = map_network(workloads::Network::build(config::parse_net_text(text, "s.toml")), hw);
  ASSERT_EQ(m.layers.size(), 4u);  // a, b, shuffled, c
  const LayerMapping& shuffle = m.layers[2];
  ASSERT_EQ(shuffle.engine, Engine::Accumulator);
  EXPECT_EQ(accumulator_op(shuffle), config::AccumulatorOp::Move);
  EXPECT_EQ(shuffle.producers, (std::vector<int>{0, 1}));
  EXPECT_EQ(m.layers[1].producers, std::vector<int>{0});
  EXPECT_EQ(m.layers[3].producers, std::vector<int>{2});
  EXPECT_DOUBLE_EQ(pixel_time(m, shuffle, PixelPosition::Steady).accumulator_ns, 0);
  const double bytes = pixel_work(m, shuffle, PixelPosition::Steady).global_buffer_bytes;
  EXPECT_DOUBLE_EQ(bytes, 16 * shuffle.output_bits / 8.0);  // one pixel, not two operands
  EXPECT_NEAR(estimate(m).layers[2].energy.accumulator_pj,
              8 * 8 * 2 * timing::buffer_access_ns(hw.buffer, bytes) *
                  (hw.buffer.output_power_mw + hw.buffer.leakage_power_mw),
              1e-6);
}

}  // namespace
}  // namespace imc::mapping
