// SPDX-License-Identifier: MIT
#include "mapping/placement.h"

#include <gtest/gtest.h>

#include <set>

#include "configs/policy_names.h"
#include "mapping/placement/placement_policy.h"

namespace imc::mapping {
namespace {

std::vector<std::pair<int, int>> pairs(const std::vector<MeshPos>& v) {
  std::vector<std::pair<int, int>> out;
  for (const auto& p : v) out.emplace_back(p.row, p.col);
  return out;
}

void expect_covers_mesh_once(const std::vector<MeshPos>& order, int rows, int cols) {
  std::set<std::pair<int, int>> seen;
  for (const auto& p : order) {
    EXPECT_TRUE(p.row >= 0 && p.row < rows && p.col >= 0 && p.col < cols);
    EXPECT_TRUE(seen.emplace(p.row, p.col).second);
  }
  EXPECT_EQ(seen.size(), size_t(rows * cols));
}

TEST(Placement, SpiralGrowsSquareShellsFromTheCorner) {
  const auto order = curve_order("spiral", 3, 3);
  // MNSIM's "hui" order: the first step goes along the column index.
  const std::vector<std::pair<int, int>> expected{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {2, 0},
                                                  {2, 1}, {2, 2}, {1, 2}, {0, 2}};
  EXPECT_EQ(pairs(order), expected);
  for (size_t i = 1; i < order.size(); ++i) EXPECT_EQ(manhattan(order[i - 1], order[i]), 1);
}

TEST(Placement, SnakeAndRowMajor) {
  const std::vector<std::pair<int, int>> snake{{0, 0}, {0, 1}, {0, 2}, {1, 2}, {1, 1}, {1, 0}};
  EXPECT_EQ(pairs(curve_order("snake", 2, 3)), snake);
  const std::vector<std::pair<int, int>> rows{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}};
  EXPECT_EQ(pairs(curve_order("row_major", 2, 3)), rows);
}

TEST(Placement, ZigzagWalksAntiDiagonals) {
  const auto order = curve_order("zigzag", 3, 3);
  const std::vector<std::pair<int, int>> first{{0, 0}, {1, 0}, {0, 1}, {0, 2}, {1, 1}, {2, 0}};
  const auto all = pairs(order);
  const std::vector<std::pair<int, int>> head(all.begin(), all.begin() + 6);
  EXPECT_EQ(head, first);
}

TEST(Placement, EveryCurveCoversANonSquareMeshOnce) {
  for (const char* curve : {"spiral", "snake", "row_major", "zigzag"}) {
    SCOPED_TRACE(curve);
    expect_covers_mesh_once(curve_order(curve, 4, 7), 4, 7);
    expect_covers_mesh_once(curve_order(curve, 5, 2), 5, 2);
  }
}

}  // namespace
}  // namespace imc::mapping

TEST(PlacementRegistry, ImplementsTheConfigLayersNames) {
  EXPECT_EQ(imc::mapping::placement_registry().names(), imc::config::placement_names());
}
