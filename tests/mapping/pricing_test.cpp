// SPDX-License-Identifier: MIT
// The one pricing of counts: what each count costs, and which parts MNSIM's subtotal leaves out.
#include "mapping/pricing.h"

#include <gtest/gtest.h>

#include "tests/mapping/mapping_test_util.h"

namespace imc::mapping {
namespace {

LayerMapping crossbar_layer(int max_pe, int max_col) {
  LayerMapping l;
  l.engine = Engine::Crossbar;
  l.max_pe = max_pe;
  l.xbar.max_row = 128;
  l.xbar.max_col = max_col;
  return l;
}

// MNSIM's JointModule count: a tile joining 4 PEs' partial sums over 256 columns, read through
// 2:1 column muxes (256 columns, 128 ADCs), has 3 x 128 adders.
TEST(Pricing, TheAdderTreeIsItsAddersWhileItJoins) {
  const config::HwConfig hw = test::mnsim_hw({"digital.adder_power_mw=0.5"});
  ASSERT_EQ(hw.crossbar.cols, 256);
  ASSERT_EQ(hw.pe.adc_count, 128);
  LayerCounters c;
  c[Component::IntraTile].busy_ns = 10;
  EXPECT_DOUBLE_EQ(price(hw, crossbar_layer(4, 256), c).adder_pj, 3 * 128 * 0.5 * 10);
  EXPECT_DOUBLE_EQ(price(hw, crossbar_layer(4, 100), c).adder_pj, 3 * 50 * 0.5 * 10);
  EXPECT_DOUBLE_EQ(price(hw, crossbar_layer(1, 256), c).adder_pj, 0);  // nothing to join
}

TEST(Pricing, TheNocIsItsBitHopsAndTheMergeReads) {
  const config::HwConfig hw = test::mnsim_hw({"noc.energy_pj_per_bit_hop=0.25"});
  LayerCounters c;
  c[Component::Noc].bits = 1000;
  c[Component::MergeRead].busy_ns = 20;
  const ComponentEnergy e = price(hw, crossbar_layer(2, 64), c);
  EXPECT_DOUBLE_EQ(e.noc_pj, 0.25 * 1000 + (hw.buffer.output_power_mw + hw.buffer.leakage_power_mw) * 20);
}

// The validation against MNSIM compares like with like: the adder trees, the NoC and the
// accumulator are in the all-modelled total only.
TEST(Pricing, MnsimsSubtotalLeavesOutTheAdderTreesTheNocAndTheAccumulator) {
  const config::HwConfig hw = test::mnsim_hw();
  LayerCounters c;
  c[Component::Adc].busy_ns = 7;
  c[Component::IntraTile].busy_ns = 11;
  c[Component::Noc].bits = 13;
  c[Component::Accumulator].busy_ns = 17;
  const ComponentEnergy e = price(hw, crossbar_layer(4, 256), c);
  ASSERT_GT(e.adder_pj, 0);
  ASSERT_GT(e.noc_pj, 0);
  ASSERT_GT(e.accumulator_pj, 0);
  EXPECT_DOUBLE_EQ(e.mnsim_comparable_pj(), e.adc_pj);
  EXPECT_DOUBLE_EQ(e.total_pj(), e.adc_pj + e.adder_pj + e.noc_pj + e.accumulator_pj);
  double parts = 0;
  for (const auto& [name, pj] : e.parts()) parts += pj;
  EXPECT_DOUBLE_EQ(parts, e.total_pj());
}

}  // namespace
}  // namespace imc::mapping
