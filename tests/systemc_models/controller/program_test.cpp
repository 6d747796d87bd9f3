// SPDX-License-Identifier: MIT
// Compiling a Mapping into the controller's program (plain C++, no kernel).
#include "systemc_models/controller/program.h"

#include <gtest/gtest.h>

#include "tests/systemc_models/sc_test_util.h"
#include "workloads/library.h"

namespace imc::sim {
namespace {

mapping::Mapping map_builtin(const std::string& net) {
  workloads::NetRequest req;
  req.net = net;
  return mapping::map_network(workloads::load_network(req), test::mnsim_hw());
}

TEST(Program, EveryLayerBecomesATaskWithItsTilesAndPes) {
  const mapping::Mapping m = map_builtin("modela");
  const Program p = compile_program(m);
  ASSERT_EQ(p.tasks.size(), m.layers.size());
  for (size_t i = 0; i < p.tasks.size(); ++i) {
    int pes = 0;
    for (const TileSlot& s : p.tasks[i].tiles) {
      EXPECT_EQ(s.index, s.pos.row * m.hw.chip.mesh_cols + s.pos.col);
      EXPECT_LE(s.pes, m.hw.tile.pes_per_tile);
      pes += s.pes;
    }
    EXPECT_EQ(pes, m.layers[i].engine == mapping::Engine::Accumulator ? 0 : m.layers[i].pes) << p.tasks[i].name;
  }
}

TEST(Program, PixelsWaitForTheProducerPixelOfThePipelineRule) {
  const mapping::Mapping m = map_builtin("modela");
  const Program p = compile_program(m);
  const LayerTask& conv2 = p.tasks[1];  // 3x3 pad 1 on a 32x32 map
  ASSERT_EQ(conv2.inputs.size(), 1u);
  // Pixel (0,0) needs producer pixel (1,1) = 33; pixel (31,31) needs the last, 1023.
  EXPECT_EQ(conv2.inputs[0].needed.front(), 33);
  EXPECT_EQ(conv2.inputs[0].needed.back(), 1023);
  const LayerTask& fc1 = p.tasks[p.tasks.size() - 2];
  EXPECT_TRUE(fc1.inputs[0].after_all);
  EXPECT_EQ(fc1.grid.count(), 1);
}

TEST(Program, ResultsGoToTheFarthestTileOfEachConsumerOrTheAccumulator) {
  const mapping::Mapping m = map_builtin("modela");
  const Program p = compile_program(m);
  for (size_t i = 0; i < p.tasks.size(); ++i) {
    int farthest = 0;
    ASSERT_EQ(p.tasks[i].destinations.size(), 1u);  // one copy of the weights
    for (const mapping::MeshPos& d : p.tasks[i].destinations[0])
      farthest = std::max(farthest, mapping::manhattan(p.tasks[i].aggregations[0], d));
    EXPECT_EQ(farthest, m.layers[i].trans_layer_hops) << p.tasks[i].name;
  }
  EXPECT_TRUE(p.tasks.back().destinations[0].empty());  // the logits go to DRAM
}

}  // namespace
}  // namespace imc::sim
