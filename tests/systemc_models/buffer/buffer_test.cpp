// SPDX-License-Identifier: MIT
// Buffer testbench: access time per bus word, port contention, capacity at n-1 and n words.
#include "systemc_models/buffer/buffer.h"

#include <gtest/gtest.h>

#include "tests/systemc_models/sc_test_util.h"

namespace imc::sim {
namespace {

using test::now_ns;
using test::spawn;

config::BufferConfig sram() {
  config::BufferConfig b;
  b.bus_width_bits = 64;
  b.access_time_ns = 20;
  return b;
}

TEST(Buffer, AccessTimeCountsWholeBusWords) {
  const TraceContext trace;
  Buffer b("b", sram(), 1024, &trace);
  EXPECT_DOUBLE_EQ(b.access_time(8).to_seconds() * 1e9, 20);  // one 64-bit word
  EXPECT_DOUBLE_EQ(b.access_time(9).to_seconds() * 1e9, 40);  // spills into a second word
  EXPECT_DOUBLE_EQ(b.access_time(64).to_seconds() * 1e9, 160);
}

TEST(Buffer, TwoWritesAtOnceSerializeOnThePort) {
  const TraceContext trace;
  Buffer b("b", sram(), 1024, &trace);
  double first = 0, second = 0;
  LayerCounters counts;
  const Activity a{0, nullptr, &counts};
  spawn("w1", [&] {
    sc_core::wait(b.write(sc_core::sc_time_stamp(), 16, a, Component::InputBuffer) - sc_core::sc_time_stamp());
    first = now_ns();
  });
  spawn("w2", [&] {
    sc_core::wait(b.write(sc_core::sc_time_stamp(), 16, a, Component::InputBuffer) - sc_core::sc_time_stamp());
    second = now_ns();
  });
  sc_core::sc_start();
  EXPECT_DOUBLE_EQ(first, 40);
  EXPECT_DOUBLE_EQ(second, 80);
  EXPECT_EQ(counts[Component::InputBuffer].actions, 4u);  // 2 words each
  EXPECT_DOUBLE_EQ(counts[Component::InputBuffer].busy_ns, 80);
  EXPECT_DOUBLE_EQ(b.occupancy_bytes(), 32);
}

TEST(Buffer, PortWritesTakeTimeButHoldNothing) {
  const TraceContext trace;
  Buffer b("b", sram(), 64, &trace);
  const Activity a;
  sc_core::sc_time port_end;
  spawn("user", [&] { port_end = b.write_port(sc_core::sc_time_stamp(), 16, a, Component::InputBuffer); });
  sc_core::sc_start();
  EXPECT_DOUBLE_EQ(b.occupancy_bytes(), 0) << "a port write of held data adds nothing";
  EXPECT_GT(port_end.to_seconds(), 0) << "the port write takes time";
}

}  // namespace
}  // namespace imc::sim
