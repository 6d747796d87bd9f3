// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "configs/config_error.h"
#include "configs/policy_names.h"
#include "mapping/group_packing/group_packing.h"
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

// A depthwise 3x3 conv on 96 channels: 96 matrices of 9 x 1.
TEST(CrossbarLayout, DepthwiseConvPacksChannelsAlongTheDiagonal) {
  const auto net = test::one_layer(8, 8, 96, test::conv(96, 3, 1) + "groups = 96\n");
  const auto x = layout_of(net, test::mnsim_hw());
  EXPECT_EQ(x.groups, 96);
  EXPECT_EQ(x.groups_per_set, 28);  // floor(256 / 9) channels along one crossbar's diagonal
  EXPECT_EQ(x.sets, 4);             // ceil(96 / 28)
  EXPECT_EQ(x.matrix_rows, 252);
  EXPECT_EQ(x.matrix_cols, 28);
  EXPECT_EQ(x.row_parts, 1);
  EXPECT_EQ(x.max_row, 252);
  EXPECT_EQ(x.pes, 8 * 4);
  EXPECT_EQ(x.weights, 96 * 9);
  EXPECT_DOUBLE_EQ(x.utilization, 96.0 * 9 / (4 * 256.0 * 256));

  const auto own = layout_of(net, test::mnsim_hw({"mapping.group_packing=\"one_per_crossbar\""}));
  EXPECT_EQ(own.groups_per_set, 1);
  EXPECT_EQ(own.sets, 96);
  EXPECT_EQ(own.matrix_rows, 9);
  EXPECT_EQ(own.matrix_cols, 1);
  EXPECT_EQ(own.pes, 8 * 96);
  EXPECT_EQ(own.weights, x.weights);
}

TEST(CrossbarLayout, EveryGroupPackingTheConfigAcceptsIsRegistered) {
  EXPECT_EQ(group_packing_registry().names(), config::group_packing_names());
  const std::string error =
      imc::test::error_of<config::ConfigError>([] { test::mnsim_hw({"mapping.group_packing=\"diagonal\""}); });
  EXPECT_NE(error.find("block_diagonal"), std::string::npos) << error;  // the names it accepts
}

// Groups of 64 input channels (576 rows) exceed one crossbar: each takes a set of its own,
// split into row parts like a dense conv.
TEST(CrossbarLayout, AGroupLargerThanACrossbarTakesItsOwnSet) {
  const auto x = layout_of(test::one_layer(8, 8, 128, test::conv(64, 3, 1) + "groups = 2\n"), test::mnsim_hw());
  EXPECT_EQ(x.groups_per_set, 1);
  EXPECT_EQ(x.sets, 2);
  EXPECT_EQ(x.matrix_rows, 576);
  EXPECT_EQ(x.matrix_cols, 32);
  EXPECT_EQ(x.row_parts, 3);  // 28 whole channels per crossbar: ceil(64 / 28)
  EXPECT_EQ(x.pes, 8 * 3 * 2);
}

TEST(CrossbarLayout, MultiBitCellsNeedFewerSlices) {
  const auto x = layout_of(test::one_layer(8, 8, 3, test::conv(32, 3)),
                           test::mnsim_hw({"device.levels=4", "crossbar.bits_per_cell=2"}));
  EXPECT_EQ(x.weight_slices, 4);
}

}  // namespace
}  // namespace imc::mapping
