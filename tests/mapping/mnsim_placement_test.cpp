// SPDX-License-Identifier: MIT
// MNSIM 2.0's tile connection graph on the calibration networks, layer by layer: the
// aggregation tile and the in-layer and trans-layer hops that MNSIM itself computed
// (commit ca39ccb, Jan-2024 chip, "hui" spiral; docs/validation.md). The spiral curve,
// the row-major tie-break and the element-wise destinations must reproduce each one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mapping/mapping.h"
#include "mapping/placement.h"
#include "mapping/timing.h"
#include "tests/mapping/mapping_test_util.h"
#include "workloads/library.h"

namespace imc::mapping {
namespace {

struct LayerHops {
  int in_layer = 0;
  int trans_layer = 0;
  MeshPos aggregation;  ///< (-1, -1): an element-wise sum, whose results leave from the accumulator
};

struct Network {
  const char* name;
  std::vector<LayerHops> layers;  ///< in MNSIM's layer order, which is also ours
};

const std::vector<Network> kMnsim = {
    {"modela",
     {{1, 3, {0, 0}},
      {2, 1, {2, 1}},
      {0, 3, {2, 2}},
      {2, 3, {1, 2}},
      {3, 1, {3, 1}},
      {0, 8, {3, 0}},
      {2, 5, {4, 2}},
      {2, 33, {3, 4}},
      {1, 36, {0, 4}},
      {0, 36, {-1, -1}},
      {5, 3, {5, 4}},
      {1, 0, {5, 6}}}},
    {"vgg8",
     {{1, 4, {0, 1}},
      {3, 2, {2, 2}},
      {0, 4, {3, 3}},
      {3, 7, {3, 2}},
      {6, 1, {5, 5}},
      {0, 9, {5, 6}},
      {9, 12, {7, 7}},
      {13, 3, {8, 9}},
      {0, 20, {8, 12}},
      {20, 4, {13, 10}},
      {0, 8, {17, 10}},
      {4, 0, {17, 5}}}},
    {"resnet18", {{1, 1, {0, 1}},    {0, 2, {1, 1}},     {3, 3, {1, 2}},    {5, 30, {3, 1}},   {0, 29, {-1, -1}},
                  {3, 7, {4, 2}},    {2, 35, {1, 4}},    {0, 38, {-1, -1}}, {5, 4, {5, 3}},    {6, 26, {6, 0}},
                  {3, 35, {3, 6}},   {0, 39, {-1, -1}},  {5, 10, {5, 7}},   {5, 24, {8, 0}},   {0, 38, {-1, -1}},
                  {5, 9, {7, 8}},    {17, 24, {9, 1}},   {8, 22, {10, 0}},  {0, 42, {-1, -1}}, {6, 17, {5, 10}},
                  {14, 21, {11, 0}}, {0, 48, {-1, -1}},  {10, 19, {9, 12}}, {28, 19, {13, 0}}, {12, 37, {11, 16}},
                  {0, 50, {-1, -1}}, {19, 21, {16, 17}}, {40, 13, {19, 0}}, {0, 37, {-1, -1}}, {19, 3, {21, 7}},
                  {2, 0, {22, 6}}}},
};

class MnsimPlacement : public testing::TestWithParam<Network> {};

TEST_P(MnsimPlacement, EveryLayerHasMnsimsAggregationTileAndHops) {
  const Network& ref = GetParam();
  const Mapping m = map_network(workloads::load_network({ref.name, {}, {}, 256}), test::mnsim_hw());
  ASSERT_EQ(m.layers.size(), ref.layers.size());
  for (size_t i = 0; i < ref.layers.size(); ++i) {
    const LayerMapping& l = m.layers[i];
    const LayerHops& want = ref.layers[i];
    SCOPED_TRACE(std::string(ref.name) + " layer " + std::to_string(i) + " " + l.layer.name());
    EXPECT_EQ(l.in_layer_hops, want.in_layer);
    EXPECT_EQ(l.trans_layer_hops, want.trans_layer);
    if (want.aggregation.row >= 0) {
      ASSERT_EQ(l.aggregations.size(), 1u);
      EXPECT_EQ(l.aggregations[0].row, want.aggregation.row);
      EXPECT_EQ(l.aggregations[0].col, want.aggregation.col);
    } else {
      EXPECT_EQ(l.engine, Engine::Accumulator);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Calibration, MnsimPlacement, testing::ValuesIn(kMnsim),
                         [](const testing::TestParamInfo<Network>& info) { return std::string(info.param.name); });

TEST(MnsimPlacement, MuxTreeStagesFollowMnsimsDivideByEightLoop) {
  EXPECT_EQ(timing::mux_tree_stages(1), 2);
  EXPECT_EQ(timing::mux_tree_stages(7), 2);
  EXPECT_EQ(timing::mux_tree_stages(8), 3);
  EXPECT_EQ(timing::mux_tree_stages(63), 3);
  EXPECT_EQ(timing::mux_tree_stages(64), 4);
}

}  // namespace
}  // namespace imc::mapping
