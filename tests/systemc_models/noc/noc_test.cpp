// SPDX-License-Identifier: MIT
// NoC testbench: XY routes, two flows sharing a link, and the closed-form hops mode.
#include "systemc_models/noc/noc.h"

#include <gtest/gtest.h>

#include "tests/systemc_models/sc_test_util.h"

namespace imc::sim {
namespace {

using test::now_ns;
using test::spawn;

/// Two flows (0,1)->(0,3) and (0,1)->(0,2) both start on link (0,1)->(0,2) at t = 0.
/// 900 bits at 20 Gb/s = 45 ns of serialization per hop.
struct TwoFlows {
  double a_arrival = 0, b_arrival = 0;
  explicit TwoFlows(Noc& noc) {
    spawn("flow_a", [&] {
      sc_core::wait(noc.send({{0, 1}, {0, 3}, 900, PacketKind::Activation}, {}) - sc_core::sc_time_stamp());
      a_arrival = now_ns();
    });
    spawn("flow_b", [&] {
      sc_core::wait(noc.send({{0, 1}, {0, 2}, 900, PacketKind::Activation}, {}) - sc_core::sc_time_stamp());
      b_arrival = now_ns();
    });
  }
};

TEST(Noc, RoutesXFirstThenY) {
  const TraceContext trace;
  Noc noc("noc", test::mnsim_hw({"chip.mesh_rows=4", "chip.mesh_cols=4", "chip.accumulator_row=0"}), &trace);
  const std::vector<int> r = noc.route({1, 1}, {3, 0});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(noc.link_name(r[0]), "noc.link_1_1_W");
  EXPECT_EQ(noc.link_name(r[1]), "noc.link_1_0_S");
  EXPECT_EQ(noc.link_name(r[2]), "noc.link_2_0_S");
  EXPECT_TRUE(noc.route({2, 2}, {2, 2}).empty());
}

TEST(Noc, TwoFlowsSharingALinkSerializeUnderContention) {
  const TraceContext trace;
  const config::HwConfig hw =
      test::mnsim_hw({"chip.mesh_rows=4", "chip.mesh_cols=4", "chip.accumulator_row=0", "noc.mode=contention"});
  Noc noc("noc", hw, &trace);
  TwoFlows flows(noc);
  sc_core::sc_start();
  // Per hop: 2 ns router + 45 ns serialization, store-and-forward. Whichever flow gets
  // the shared link first holds it for [0, 47]; the other waits and uses [47, 94].
  const bool a_first = flows.a_arrival < 141;
  if (a_first) {
    EXPECT_DOUBLE_EQ(flows.a_arrival, 94);  // [0,47] then (0,2)E [47,94]
    EXPECT_DOUBLE_EQ(flows.b_arrival, 94);  // waited for a
  } else {
    EXPECT_DOUBLE_EQ(flows.b_arrival, 47);
    EXPECT_DOUBLE_EQ(flows.a_arrival, 141);  // waited for b, then one more hop
  }
  const std::vector<LinkStat> busiest = noc.busy_links();
  ASSERT_FALSE(busiest.empty());
  EXPECT_EQ(busiest.front().packets, 2u);  // the shared link
  EXPECT_EQ(busiest.front().from, (mapping::MeshPos{0, 1}));
}

TEST(Noc, HopsModeIsTheClosedFormWithoutContention) {
  const TraceContext trace;
  Noc noc("noc", test::mnsim_hw({"chip.mesh_rows=4", "chip.mesh_cols=4", "chip.accumulator_row=0"}), &trace);
  TwoFlows flows(noc);
  sc_core::sc_start();
  EXPECT_DOUBLE_EQ(flows.a_arrival, 2 * 45);  // hops x bits / bandwidth
  EXPECT_DOUBLE_EQ(flows.b_arrival, 45);      // no waiting for the shared link
}

}  // namespace
}  // namespace imc::sim
