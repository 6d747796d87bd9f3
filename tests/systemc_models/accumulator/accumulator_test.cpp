// SPDX-License-Identifier: MIT
// Global accumulator testbench: two adds arriving at once queue.
#include "systemc_models/accumulator/accumulator.h"

#include <gtest/gtest.h>

#include "tests/systemc_models/sc_test_util.h"

namespace imc::sim {
namespace {

using test::now_ns;
using test::spawn;

TEST(GlobalAccumulator, TwoAddsAtOnceQueue) {
  const TraceContext trace;
  GlobalAccumulator acc("acc", test::mnsim_hw(), 1 << 16, &trace);
  LayerCounters counts;
  const Activity a{0, nullptr, &counts};
  // 64 channels x 9 bits x 2 operands = 144 bytes = 18 words: 360 ns read, 10 ns add, 360 ns write.
  double done[2] = {0, 0};
  int depth_seen = 0;
  spawn("add_a", [&] {
    acc.combine(config::AccumulatorOp::Add, 64, 144, a);
    done[0] = now_ns();
  });
  spawn("add_b", [&] {
    sc_core::wait(sc_core::SC_ZERO_TIME);
    depth_seen = acc.queue_depth();
    acc.combine(config::AccumulatorOp::Add, 64, 144, a);
    done[1] = now_ns();
  });
  sc_core::sc_start();
  EXPECT_DOUBLE_EQ(done[0], 730);
  EXPECT_DOUBLE_EQ(done[1], 2 * 730);  // its operands wait for the port until the first add is written back
  EXPECT_EQ(depth_seen, 1);
  EXPECT_EQ(acc.peak_queue_depth(), 2);
  EXPECT_EQ(counts[Component::Accumulator].actions, 128u);
  EXPECT_DOUBLE_EQ(counts[Component::GlobalBuffer].busy_ns, 4 * 360);
}

}  // namespace
}  // namespace imc::sim
