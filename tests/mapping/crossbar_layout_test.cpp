// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "mapping/mapping.h"
#include "tests/mapping/mapping_test_util.h"

namespace imc::mapping {
namespace {

CrossbarLayout layout_of(const workloads::Network& net, const config::HwConfig& hw) {
  return layout_weights(net.layer(1), hw, hw.quantization.weight_bits);
}

TEST(CrossbarLayout, ThreeByThreeConvOnThreeChannels) {
  const auto x = layout_of(test::one_layer(8, 8, 3, test::conv(32, 3, 1)), test::mnsim_hw());
  EXPECT_EQ(x.matrix_rows, 27);
  EXPECT_EQ(x.matrix_cols, 32);
  EXPECT_EQ(x.weight_slices, 8);  // 9-bit weights: sign + 8 one-bit slices
  EXPECT_EQ(x.row_parts, 1);
  EXPECT_EQ(x.col_parts, 1);
  EXPECT_EQ(x.pes, 8);
  EXPECT_EQ(x.max_row, 27);
  EXPECT_EQ(x.max_col, 32);
  EXPECT_DOUBLE_EQ(x.utilization, 27.0 * 32 / (256.0 * 256));
}

TEST(CrossbarLayout, RowSplitChannelAlignedAndDense) {
  const auto net = test::one_layer(8, 8, 85, test::conv(64, 3, 1));
  const auto aligned = layout_of(net, test::mnsim_hw());
  EXPECT_EQ(aligned.row_parts, 4);  // 28 whole channels per crossbar: ceil(85 / 28)
  EXPECT_EQ(aligned.max_row, 252);
  EXPECT_EQ(aligned.pes, 8 * 4);
  const auto dense = layout_of(net, test::mnsim_hw({"mapping.row_split=dense"}));
  EXPECT_EQ(dense.row_parts, 3);  // ceil(765 / 256)
  EXPECT_EQ(dense.max_row, 256);
}

TEST(CrossbarLayout, OneBitWeightsAreAMappingErrorNotZeroCrossbars) {
  const auto net = test::one_layer(8, 8, 3, test::conv(32, 3, 1));
  EXPECT_THROW(layout_weights(net.layer(1), test::mnsim_hw(), 1), MappingError);
  EXPECT_EQ(layout_weights(net.layer(1), test::mnsim_hw(), 2).pes, 1);
}

TEST(CrossbarLayout, ColumnSplit) {
  const auto x = layout_of(test::one_layer(4, 4, 16, test::conv(300, 1)), test::mnsim_hw());
  EXPECT_EQ(x.col_parts, 2);
  EXPECT_EQ(x.max_col, 256);
  EXPECT_EQ(x.pes, 16);
}

TEST(CrossbarLayout, OneByOneConvUsesWholeRows) {
  const auto x = layout_of(test::one_layer(4, 4, 300, test::conv(10, 1)), test::mnsim_hw());
  EXPECT_EQ(x.matrix_rows, 300);
  EXPECT_EQ(x.row_parts, 2);  // floor(256 / 1) channels per crossbar
  EXPECT_EQ(x.max_row, 256);
}

TEST(CrossbarLayout, FullyConnected) {
  const auto net = test::one_layer(8, 8, 32,
                                   "[[layer]]\nname = \"f\"\nkind = \"flatten\"\n"
                                   "[[layer]]\nname = \"fc\"\nkind = \"linear\"\nout_features = 256\n");
  const config::HwConfig hw = test::mnsim_hw();
  const auto x = layout_weights(net.layer(2), hw, hw.quantization.weight_bits);
  EXPECT_EQ(x.matrix_rows, 2048);
  EXPECT_EQ(x.row_parts, 8);
  EXPECT_EQ(x.pes, 64);  // MNSIM: 8 * ceil(256/256) * ceil(2048/256)
  EXPECT_DOUBLE_EQ(x.utilization, 1.0);
}

TEST(CrossbarLayout, MultiBitCellsNeedFewerSlices) {
  const auto x = layout_of(test::one_layer(8, 8, 3, test::conv(32, 3)),
                           test::mnsim_hw({"device.levels=4", "crossbar.bits_per_cell=2"}));
  EXPECT_EQ(x.weight_slices, 4);
}

}  // namespace
}  // namespace imc::mapping
