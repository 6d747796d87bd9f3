// SPDX-License-Identifier: MIT
// The port of ../shared/bench/nas-synthetic/nasspace.py, against values computed there.
#include "nas/objectives/nas_synthetic.h"

#include <gtest/gtest.h>

namespace imc::nas {
namespace {

TEST(NasSynthetic, MatchesThePythonReferenceBitForBit) {
  // nasspace.evaluate({n_blocks 3, VGG/16, RES/64, MVGG/256, bits 4, xbar 64, lr 1e-3})
  const Point a{{"n_blocks", 3}, {"type_0", 0}, {"k_0", 0},  {"type_1", 2}, {"k_1", 2},
                {"type_2", 1},   {"k_2", 4},    {"bits", 0}, {"xbar", 0},   {"lr", 1e-3}};
  const synthetic::Metrics m = synthetic::metrics(a);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.6190761253976224);
  EXPECT_DOUBLE_EQ(m.energy, 27998208.0);
  EXPECT_DOUBLE_EQ(synthetic::loss(a), 0.54169429345085);
  // 7 blocks cycling VGG, RES, MVGG with K 16, 32, 64, 128, 256, 256, 256; bits 8, xbar 128, lr 0.0031
  Point b{{"n_blocks", 7}, {"bits", 2}, {"xbar", 1}, {"lr", 0.0031}};
  const int types[] = {0, 2, 1};
  for (int i = 0; i < 7; ++i) {
    b["type_" + std::to_string(i)] = types[i % 3];
    b["k_" + std::to_string(i)] = std::min(i, 4);
  }
  EXPECT_DOUBLE_EQ(synthetic::loss(b), 0.3850069691145806);
}

TEST(NasSynthetic, TheSpaceIsConditionalOnTheBlockCount) {
  const SearchSpace s = synthetic::space();
  EXPECT_EQ(s.params().size(), 20u);
  EXPECT_TRUE(s.active(s.param("type_2"), {{"n_blocks", 3}}));
  EXPECT_FALSE(s.active(s.param("type_3"), {{"n_blocks", 3}}));
  EXPECT_TRUE(s.active(s.param("k_7"), {{"n_blocks", 8}}));
}

}  // namespace
}  // namespace imc::nas
