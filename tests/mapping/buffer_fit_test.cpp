// SPDX-License-Identifier: MIT
// The pipeline-completion check: a producer that feeds two layers running far apart must be
// held for the lag between them; with a tile input buffer that holds only the windows the
// mapping is refused with the smallest size that completes, never left to deadlock.
#include "mapping/buffer_fit.h"

#include <gtest/gtest.h>

#include <cmath>

#include "mapping/pipeline.h"
#include "tests/mapping/mapping_test_util.h"

namespace imc::mapping {
namespace {

using test::dense_pattern;
using test::mnsim_hw;

double window_bytes_of(const Mapping& m) {
  double most = 0;
  for (const LayerMapping& l : m.layers) most = std::max(most, layer_buffer_need(m, l).tile_input_bytes);
  return most;
}

TEST(BufferFit, WindowsAloneDeadlockWhereAProducerFeedsLayersFarApart) {
  const workloads::Network net = dense_pattern(32);
  const Mapping roomy = map_network(net, mnsim_hw({"buffer.tile_input_bytes=1048576"}));
  const double windows = window_bytes_of(roomy);
  // Holding the windows is not enough: d waits for c while a waits for room in d's buffer.
  const std::vector<PipelineStall> stalls = pipeline_stalls(roomy, windows);
  ASSERT_FALSE(stalls.empty());
  bool a_waits_for_room_in_d = false;
  for (const PipelineStall& s : stalls) a_waits_for_room_in_d |= s.layer == "a" && s.for_space && s.waiting_on == "d";
  EXPECT_TRUE(a_waits_for_room_in_d);
  EXPECT_TRUE(pipeline_stalls(roomy, 1048576).empty());

  const double smallest = smallest_tile_input_bytes(roomy);
  EXPECT_GT(smallest, windows);
  EXPECT_TRUE(pipeline_stalls(roomy, smallest).empty());
  EXPECT_FALSE(pipeline_stalls(roomy, smallest - 1024).empty());  // the smallest in whole KiB
}

TEST(BufferFit, MapperRefusesWithTheKeyAndTheSizeThatCompletes) {
  const workloads::Network net = dense_pattern(32);
  const Mapping roomy = map_network(net, mnsim_hw({"buffer.tile_input_bytes=1048576"}));
  const long smallest = static_cast<long>(smallest_tile_input_bytes(roomy));
  const long windows = static_cast<long>(std::ceil(window_bytes_of(roomy)));
  try {
    map_network(net, mnsim_hw({"buffer.tile_input_bytes=" + std::to_string(windows)}));
    FAIL() << "mapped a pipeline that deadlocks";
  } catch (const MappingError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("buffer.tile_input_bytes=" + std::to_string(smallest)), std::string::npos) << what;
    EXPECT_NE(what.find("layer 'a'"), std::string::npos) << what;
  }
  EXPECT_NO_THROW(map_network(net, mnsim_hw({"buffer.tile_input_bytes=" + std::to_string(smallest)})));
}

TEST(BufferFit, FittingBuffersRaisesOnlyWhatIsTooSmall) {
  const workloads::Network net = dense_pattern(32);
  const config::HwConfig hw = mnsim_hw({"buffer.tile_input_bytes=1024"});
  const config::BufferConfig fitted = fitting_buffers(net, hw);
  EXPECT_EQ(fitted.tile_input_bytes,
            smallest_tile_input_bytes(map_network(net, mnsim_hw({"buffer.tile_input_bytes=1048576"}))));
  EXPECT_EQ(fitted.pe_line_bytes, hw.buffer.pe_line_bytes);  // the preset's line buffers hold the windows
  EXPECT_EQ(fitted.tile_output_bytes, hw.buffer.tile_output_bytes);
  config::HwConfig fixed = hw;
  fixed.buffer = fitted;
  EXPECT_NO_THROW(map_network(net, fixed));
}

TEST(BufferFit, BudgetsShareTheBufferInProportionToTheWindows) {
  const workloads::Network net = dense_pattern(32);
  const Mapping m = map_network(net, mnsim_hw({"buffer.tile_input_bytes=1048576"}));
  const LayerMapping& d = m.layers.back();
  ASSERT_EQ(d.producers.size(), 2u);
  const InputWindow w = input_window(d, m.layers[static_cast<size_t>(d.producers[0])]);
  const InputWindow other = input_window(d, m.layers[static_cast<size_t>(d.producers[1])]);
  const std::vector<long> budgets = input_budget_pixels({&w, &other}, 1048576);
  // Equal windows (same channels and bits) get equal shares of the whole buffer.
  EXPECT_EQ(budgets[0], budgets[1]);
  EXPECT_EQ(budgets[0], static_cast<long>(1048576 / 2 / w.pixel_bytes));
}

}  // namespace
}  // namespace imc::mapping
