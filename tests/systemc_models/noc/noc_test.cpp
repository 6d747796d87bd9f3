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
  LayerCounters counters;  ///< both flows' actions
  sc_core::sc_event a_in, b_in;
  explicit TwoFlows(Noc& noc) {
    spawn("flow_a", [&] { a_arrival = transfer(noc, {{0, 1}, {0, 3}, 900, PacketKind::Activation}, a_in); });
    spawn("flow_b", [&] { b_arrival = transfer(noc, {{0, 1}, {0, 2}, 900, PacketKind::Activation}, b_in); });
  }
  double transfer(Noc& noc, const Packet& p, sc_core::sc_event& arrived) {
    Delivery d{sc_core::sc_time_stamp(), 0, &arrived};
    noc.send(p, Activity{0, nullptr, &counters}, d);
    wait_delivered(d);
    return now_ns();
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

/// Flit mode at 1 GHz with 128-bit flits and one cycle per stage: a 900-bit packet is 8 flits,
/// and a VC buffer holds one (no credit stalls).
config::HwConfig flit_hw() {
  return test::mnsim_hw({"chip.mesh_rows=4", "chip.mesh_cols=4", "chip.accumulator_row=0", "noc.mode=flit",
                         "noc.clock_ghz=1", "noc.flit_bits=128", "noc.vc_buffer_flits=8", "noc.hop_latency_ns=5",
                         "noc.inter_tile_bandwidth_gbps=128"});
}

TEST(Noc, FlitModeCarriesPacketsThroughTheRouterPipelineAndSharesTheSourcePort) {
  const TraceContext trace;
  Noc noc("noc", flit_hw(), &trace);
  noc.reset(sc_core::SC_ZERO_TIME);
  TwoFlows flows(noc);
  sc_core::sc_start();
  // A lone packet over r routers takes 5 r + 2 cycles for its head (the router model's zero-load
  // latency, BookSim's) and 7 more for its body: a, 3 routers, 24 ns; b, 2 routers, 19 ns. Both
  // leave node (0,1), so the second waits 8 cycles for the first's flits to enter.
  const bool a_first = flows.a_arrival < 25;
  if (a_first) {
    EXPECT_DOUBLE_EQ(flows.a_arrival, 24);
    EXPECT_DOUBLE_EQ(flows.b_arrival, 8 + 19);
  } else {
    EXPECT_DOUBLE_EQ(flows.b_arrival, 19);
    EXPECT_DOUBLE_EQ(flows.a_arrival, 8 + 24);
  }
  // The layer's counted actions are the routers' own: 8 flits through 3 and 2 routers.
  const std::vector<RouterStat> routers = noc.router_stats(100);
  uint64_t switched = 0;
  for (const RouterStat& r : routers) switched += r.flits;
  EXPECT_EQ(switched, 8u * 3 + 8u * 2);
  EXPECT_EQ(flows.counters.flit.crossbar_traversals, switched);
  EXPECT_EQ(flows.counters.flit.link_traversals, 8u * 2 + 8u * 1);
  EXPECT_EQ(flows.counters.flit.vc_allocations, 3u + 2u);
  EXPECT_EQ(noc.busy_links().front().packets, 2u);  // the shared link (0,1) east
}

}  // namespace
}  // namespace imc::sim
