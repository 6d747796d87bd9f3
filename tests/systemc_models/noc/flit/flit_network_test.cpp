// SPDX-License-Identifier: MIT
// The flit-level router model: its allocator, its pipeline timing at zero load, and flow
// control under load. Plain C++ (no elaboration).
#include "systemc_models/noc/flit/flit_network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <string>

#include "configs/policy_names.h"
#include "systemc_models/noc/flit/allocator.h"

namespace imc::sim::flit {
namespace {

std::unique_ptr<Allocator> allocator(const char* name, int inputs, int outputs) {
  return allocator_registry().at(name)(inputs, outputs);
}

TEST(SeparableAllocator, EachInputGetsAtMostOneOutputAndEachOutputOneInput) {
  const std::unique_ptr<Allocator> owned = allocator("separable_input_first", 3, 2);
  Allocator& a = *owned;
  a.clear();
  for (int in = 0; in < 3; ++in)
    for (int out = 0; out < 2; ++out) a.request(in, out, 10 * in + out);
  a.allocate();
  int matched = 0;
  std::vector<int> taken(2, 0);
  for (int in = 0; in < 3; ++in) {
    const int out = a.output_of(in);
    if (out < 0) continue;
    ++matched;
    EXPECT_EQ(++taken[static_cast<size_t>(out)], 1);
    EXPECT_EQ(a.label_of(in, out), 10 * in + out);
  }
  // Input-first with fresh pointers: every input picks output 0, so only one match is made
  // in one iteration (the weakness of separable allocation BookSim's numbers include).
  EXPECT_EQ(matched, 1);
}

TEST(SeparableAllocator, TheRoundRobinPointerMovesPastTheWinnerOnlyOnAGrant) {
  const std::unique_ptr<Allocator> owned = allocator("separable_input_first", 2, 1);
  Allocator& a = *owned;
  std::vector<int> winners;
  for (int cycle = 0; cycle < 4; ++cycle) {
    a.clear();
    a.request(0, 0, 0);
    a.request(1, 0, 0);
    a.allocate();
    winners.push_back(a.output_of(0) == 0 ? 0 : 1);
  }
  EXPECT_EQ(winners, (std::vector<int>{0, 1, 0, 1}));
  EXPECT_TRUE(round_robin_before(2, 0, 1, 3));
  EXPECT_FALSE(round_robin_before(0, 2, 1, 3));
}

TEST(SeparableAllocator, ALaterRequestForTheSamePairReplacesTheFirst) {
  const std::unique_ptr<Allocator> owned = allocator("separable_input_first", 1, 1);
  Allocator& a = *owned;
  a.clear();
  a.request(0, 0, 3);
  a.request(0, 0, 5);
  a.allocate();
  EXPECT_EQ(a.label_of(0, 0), 5);
}

// iSLIP, hand-worked: two inputs requesting both outputs. Cycle 1: both outputs grant input 0,
// which accepts output 0 (one match; output 1's pointer stays, not accepted). Cycle 2: output 0
// now grants input 1, output 1 still input 0: both accepted, a full match. A separable
// input-first allocator finds one match in cycle 1 too, but the order of its matches differs.
TEST(IslipAllocator, GrantPointersDesynchroniseAndTheSecondCycleMatchesEveryone) {
  const std::unique_ptr<Allocator> owned = allocator("islip", 2, 2);
  Allocator& a = *owned;
  auto cycle = [&] {
    a.clear();
    for (int in = 0; in < 2; ++in)
      for (int out = 0; out < 2; ++out) a.request(in, out, in);
    a.allocate();
    return std::vector<int>{a.output_of(0), a.output_of(1)};
  };
  EXPECT_EQ(cycle(), (std::vector<int>{0, -1}));
  EXPECT_EQ(cycle(), (std::vector<int>{1, 0}));
  EXPECT_EQ(cycle(), (std::vector<int>{0, 1}));
}

// Wavefront, hand-worked on a full 3x3 request matrix: the sweep from the priority diagonal
// matches every input in one cycle (cells with in + out = priority mod 3 first), and the diagonal
// moves on by one each cycle. rr_wavefront instead moves to the diagonal after the first match:
// a lone request (2, 2) (diagonal 4) makes its next sweep start at diagonal 2, not 1.
TEST(WavefrontAllocator, SweepsFromAPriorityDiagonalThatMovesEachCycle) {
  auto full_cycle = [](Allocator& a) {
    a.clear();
    for (int in = 0; in < 3; ++in)
      for (int out = 0; out < 3; ++out) a.request(in, out, in);
    a.allocate();
    return std::vector<int>{a.output_of(0), a.output_of(1), a.output_of(2)};
  };
  const std::unique_ptr<Allocator> w = allocator("wavefront", 3, 3);
  EXPECT_EQ(full_cycle(*w), (std::vector<int>{0, 2, 1}));
  EXPECT_EQ(full_cycle(*w), (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(full_cycle(*w), (std::vector<int>{2, 1, 0}));
  for (const char* name : {"wavefront", "rr_wavefront"}) {
    const std::unique_ptr<Allocator> a = allocator(name, 3, 3);
    a->clear();
    a->request(2, 2, 0);
    a->allocate();
    EXPECT_EQ(a->output_of(2), 2) << name;
    EXPECT_EQ(full_cycle(*a),
              std::string(name) == "wavefront" ? (std::vector<int>{1, 0, 2}) : (std::vector<int>{2, 1, 0}))
        << name;
  }
  // More outputs than inputs: the padded cells are skipped.
  const std::unique_ptr<Allocator> wide = allocator("wavefront", 2, 3);
  wide->clear();
  for (int in = 0; in < 2; ++in)
    for (int out = 0; out < 3; ++out) wide->request(in, out, in);
  wide->allocate();
  EXPECT_EQ(wide->output_of(0), 0);
  EXPECT_EQ(wide->output_of(1), 2);
}

// A cycle with one request takes a short path in every variant that overrides it; it must move
// the pointers as the full request-allocate-clear would, from any earlier state.
TEST(Allocators, ALoneRequestMovesThePointersAsAFullAllocation) {
  std::mt19937 rng(7);
  for (const std::string& name : allocator_registry().names()) {
    const std::unique_ptr<Allocator> fast = allocator(name.c_str(), 5, 4), full = allocator(name.c_str(), 5, 4);
    for (int cycle = 0; cycle < 400; ++cycle) {
      const int in = static_cast<int>(rng() % 5), out = static_cast<int>(rng() % 4);
      if (rng() % 3 == 0) {  // a busy cycle, the same on both
        for (Allocator* a : {fast.get(), full.get()}) {
          for (int k = 0; k < 6; ++k) a->request((in + k) % 5, (out + k * k) % 4, k);
          a->allocate();
          a->clear();
        }
        continue;
      }
      fast->allocate_lone_request(in, out);
      full->request(in, out, 0);
      full->allocate();
      ASSERT_EQ(full->output_of(in), out) << name << ": a lone request is granted";
      full->clear();
      std::vector<int64_t> fast_state, full_state;
      fast->append_state(fast_state);
      full->append_state(full_state);
      ASSERT_EQ(fast_state, full_state) << name << ", cycle " << cycle;
      for (int i = 0; i < 5; ++i) ASSERT_EQ(fast->output_of(i), -1) << name << ": nothing left matched";
    }
  }
}

TEST(Allocators, TheRegistryImplementsTheConfigLayersNames) {
  EXPECT_EQ(allocator_registry().names(), config::noc_allocator_names());
}

/// Sends one packet through an otherwise empty network and returns creation to tail ejection.
int64_t lone_packet_latency(const config::FlitRouterConfig& cfg, int src, int dst, int flits, int* hops = nullptr) {
  FlitNetwork net(4, 4, cfg, *routing_registry().at("xy"));
  int64_t latency = -1;
  net.on_delivered([&](const PacketRecord& p) {
    latency = p.delivered - p.created;
    if (hops) *hops = p.hops;
  });
  net.enqueue(src, dst, flits, 0);
  for (int i = 0; i < 1000 && latency < 0; ++i) net.step();
  return latency;
}

TEST(FlitNetwork, ZeroLoadLatencyIsFiveCyclesPerRouterPlusTheInjectionAndEjectionLinks) {
  config::FlitRouterConfig cfg;  // one cycle per stage, as BookSim's validated configuration
  int hops = 0;
  // Node 0 to node 15: 6 links, 7 routers; per router RC, VA, SA, ST and the link (5 cycles),
  // plus the injection channel's write and the source's cycle (2), as BookSim's 5*H + 2.
  EXPECT_EQ(lone_packet_latency(cfg, 0, 15, 1, &hops), 5 * 7 + 2);
  EXPECT_EQ(hops, 7);
  EXPECT_EQ(lone_packet_latency(cfg, 5, 5, 1), 5 * 1 + 2);
  // A 4-flit packet's body follows its head one cycle apart.
  EXPECT_EQ(lone_packet_latency(cfg, 0, 15, 4), 5 * 7 + 2 + 3);
}

// The routing function decides which routers a packet crosses: node 0 (0,0) to node 5 (1,1)
// passes router 1 (0,1) under xy and router 4 (1,0) under yx, in the same time.
TEST(FlitNetwork, TheRoutingFunctionPicksTheRoutersAPacketCrosses) {
  for (const char* name : {"xy", "yx"}) {
    FlitNetwork net(4, 4, config::FlitRouterConfig{}, *routing_registry().at(name));
    int64_t latency = -1;
    net.on_delivered([&](const PacketRecord& p) { latency = p.delivered - p.created; });
    net.enqueue(0, 5, 1, 0);
    for (int i = 0; i < 100 && latency < 0; ++i) net.step();
    EXPECT_EQ(latency, 5 * 3 + 2) << name;
    const bool xy = std::string(name) == "xy";
    EXPECT_EQ(net.counters()[1].actions.crossbar_traversals, xy ? 1u : 0u) << name;
    EXPECT_EQ(net.counters()[4].actions.crossbar_traversals, xy ? 0u : 1u) << name;
  }
}

// A routing function is the registry's to extend: one that leads a packet off the mesh (here,
// always east) is caught at the router that would send it there, not read as the next row's
// first router.
TEST(FlitNetwork, ARouteOffTheMeshEdgeIsALogicError) {
  struct AlwaysEast : RoutingFunction {
    void route(const mapping::MeshPos&, const mapping::MeshPos&, std::vector<LinkDirection>& route) const override {
      route.assign(1, LinkDirection::East);
    }
  } always_east;
  FlitNetwork net(2, 2, config::FlitRouterConfig{}, always_east);
  net.enqueue(0, 2, 1, 0);  // node (0,0) to (1,0): east to router 1, then east off the edge
  EXPECT_THROW(for (int i = 0; i < 100; ++i) net.step(), std::logic_error);
}

// West-first adapts: with the row (0,0) -> (0,3) flooded, packets from node 0 to node 5 (south-
// east) leave the busy east link for the south one; xy keeps them all east.
TEST(FlitNetwork, WestFirstTurnsAroundACongestedLink) {
  std::map<std::string, uint64_t> via_south;
  for (const char* name : {"xy", "west_first"}) {
    FlitNetwork net(4, 4, config::FlitRouterConfig{}, *routing_registry().at(name));
    net.record_routes(true);
    int delivered = 0, turned = 0;
    net.on_delivered([&](const PacketRecord& p) {
      ++delivered;
      if (p.dst == 5 && p.route == "SE") ++turned;
    });
    for (int i = 0; i < 40; ++i) {
      net.enqueue(0, 3, 4, net.cycle());
      net.enqueue(0, 5, 1, net.cycle());
      net.step();
    }
    for (int i = 0; i < 5000 && !net.idle(); ++i) net.step();
    EXPECT_EQ(delivered, 80) << name;
    via_south[name] = static_cast<uint64_t>(turned);
  }
  EXPECT_EQ(via_south["xy"], 0u);
  EXPECT_GT(via_south["west_first"], 0u);
}

TEST(FlitNetwork, EachStageDelayAddsItsCyclesAtEveryRouter) {
  const int64_t base = lone_packet_latency(config::FlitRouterConfig{}, 0, 15, 1);
  config::FlitRouterConfig cfg;
  cfg.routing_delay_cycles = 2;
  EXPECT_EQ(lone_packet_latency(cfg, 0, 15, 1), base + 7);
  cfg = {};
  cfg.vc_alloc_delay_cycles = 3;
  EXPECT_EQ(lone_packet_latency(cfg, 0, 15, 1), base + 2 * 7);
  cfg = {};
  cfg.sw_alloc_delay_cycles = 2;
  EXPECT_EQ(lone_packet_latency(cfg, 0, 15, 1), base + 7);
  cfg = {};
  cfg.link_latency_cycles = 3;  // 6 mesh links; the injection and ejection channels stay local
  EXPECT_EQ(lone_packet_latency(cfg, 0, 15, 1), base + 2 * 6);
}

TEST(FlitNetwork, EveryPacketArrivesOnceAndCreditsHoldBackAFullBuffer) {
  config::FlitRouterConfig cfg;
  cfg.vcs = 1;
  cfg.vc_buffer_flits = 2;
  cfg.credit_delay_cycles = 4;  // credits slower than flits: the sender must stall
  FlitNetwork net(4, 4, cfg, *routing_registry().at("xy"));
  std::vector<int> arrived(64, 0);
  net.on_delivered([&](const PacketRecord& p) { ++arrived[p.tag]; });
  for (int i = 0; i < 64; ++i) net.enqueue(i % 16, 15 - i % 16, 4, 0, static_cast<uint64_t>(i));
  for (int i = 0; i < 100000 && !net.idle(); ++i) net.step();
  ASSERT_TRUE(net.idle());
  for (int n : arrived) EXPECT_EQ(n, 1);
  uint64_t stalls = 0, writes = 0, reads = 0;
  for (const RouterCounters& c : net.counters()) {
    stalls += c.credit_stalls;
    writes += c.actions.buffer_writes;
    reads += c.actions.buffer_reads;
  }
  EXPECT_GT(stalls, 0u);
  EXPECT_EQ(writes, reads);  // every buffered flit left its buffer
}

// Routers that only wait (for a credit, a flit or a free output VC) sleep and settle their
// stall and occupancy counts when they wake; every packet's timing and every counter must be
// those of stepping each router every cycle, under load, with multi-cycle stages and adaptive
// routing.
struct RunRecord {
  std::vector<std::array<int64_t, 3>> packets;   // tag, injected, delivered
  std::vector<std::array<uint64_t, 4>> routers;  // stalls, occupancy, vc allocations, flits out
};

RunRecord run_loaded(const config::FlitRouterConfig& cfg, const char* routing, bool awake) {
  FlitNetwork net(5, 5, cfg, *routing_registry().at(routing));
  net.keep_routers_awake(awake);
  RunRecord out;
  net.on_delivered([&](const PacketRecord& p) {
    out.packets.push_back({static_cast<int64_t>(p.tag), p.injected, p.delivered});
  });
  uint64_t state = 12345;  // a fixed LCG: the same offered traffic for both runs
  auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (int cycle = 0; cycle < 600; ++cycle) {
    for (int n = 0; n < 25; ++n)
      if (next() % 100 < 9)
        net.enqueue(n, static_cast<int>(next() % 25), 1 + static_cast<int>(next() % 5), net.cycle(),
                    static_cast<uint64_t>(cycle * 25 + n));
    net.step();
  }
  for (int i = 0; i < 100000 && !net.idle(); ++i) net.step();
  EXPECT_TRUE(net.idle());
  for (const RouterCounters& c : net.counters())
    out.routers.push_back(
        {c.credit_stalls, c.occupancy_flit_cycles, c.actions.vc_allocations, c.actions.crossbar_traversals});
  return out;
}

TEST(FlitNetwork, SleepingRoutersGiveTheResultsOfSteppingEveryRouter) {
  std::vector<std::pair<config::FlitRouterConfig, const char*>> cases;
  config::FlitRouterConfig cfg;
  cfg.vcs = 2;
  cases.push_back({cfg, "xy"});
  cfg.vc_alloc_delay_cycles = 3;  // a VC waiting for an output VC evaluates every third cycle
  cfg.credit_delay_cycles = 2;
  cases.push_back({cfg, "xy"});
  cfg = {};
  cfg.vcs = 1;
  cfg.vc_buffer_flits = 2;
  cfg.routing_delay_cycles = 2;
  cfg.link_latency_cycles = 3;
  cases.push_back({cfg, "west_first"});
  cfg = {};
  cfg.vcs = 16;  // more than one word of busy VCs: the injection port's are in the second
  cases.push_back({cfg, "xy"});
  for (const auto& [c, routing] : cases) {
    const RunRecord awake = run_loaded(c, routing, true), asleep = run_loaded(c, routing, false);
    ASSERT_GT(awake.packets.size(), 500u);
    EXPECT_EQ(asleep.packets, awake.packets) << routing << " vc_alloc_delay " << c.vc_alloc_delay_cycles;
    EXPECT_EQ(asleep.routers, awake.routers) << routing << " vc_alloc_delay " << c.vc_alloc_delay_cycles;
    uint64_t stalls = 0;
    for (const auto& r : awake.routers) stalls += r[0];
    EXPECT_GT(stalls, 0u);  // the load makes routers wait on credits
  }
}

// Skipping the periods of a steady state must land where stepping does: long packets stream
// alone, share links with others, and start while others stream; every packet's times and
// every router's counters must be those of stepping every cycle, and most cycles skipped.
struct SkipRun {
  std::vector<std::array<int64_t, 5>> packets;  // tag, injected, first flit, delivered, hops
  std::vector<std::array<uint64_t, 8>> routers;
  int64_t stepped = 0, skipped = 0;
  int64_t frozen = 0;       ///< router cycles frozen regions were not stepped
  int regions_at_stop = 0;  ///< regions frozen when freezing was turned off
};

/// The freezing tests' mesh: kSkipSide x kSkipSide.
constexpr int kSkipSide = 6;

/// Sends (cycle, src, dst, flits; in cycle order, tagged by their index) on the mesh and steps
/// until every packet is delivered, skipping idle cycles when `skip`; `stop_freezing_at`: freezing
/// is turned off at that cycle (live regions thaw then).
SkipRun run_sends(const config::FlitRouterConfig& cfg, const char* routing,
                  const std::vector<std::array<int, 4>>& sends, bool skip, int64_t stop_freezing_at = -1) {
  FlitNetwork net(kSkipSide, kSkipSide, cfg, *routing_registry().at(routing));
  net.freeze_steady_regions(skip);
  SkipRun out;
  net.on_delivered([&](const PacketRecord& p) {
    out.packets.push_back({static_cast<int64_t>(p.tag), p.injected, p.first_flit_delivered, p.delivered, p.hops});
  });
  size_t next = 0;
  while (next < sends.size() || !net.idle()) {
    for (; next < sends.size() && sends[next][0] <= net.cycle(); ++next)
      net.enqueue(sends[next][1], sends[next][2], sends[next][3], net.cycle(), next);
    net.step();
    ++out.stepped;
    const int64_t until = next < sends.size() ? sends[next][0] : int64_t{1} << 40;
    if (skip && until > net.cycle()) out.skipped += net.skip_idle_cycles(until);
    if (skip && stop_freezing_at >= 0 && net.cycle() >= stop_freezing_at) {
      out.regions_at_stop = net.frozen_regions();  // thawed by the next line
      net.freeze_steady_regions(false);
      skip = false;
    }
    if (out.stepped > 200000) break;
  }
  EXPECT_TRUE(net.idle());
  out.frozen = net.frozen_router_cycles();
  for (const RouterCounters& c : net.counters())
    out.routers.push_back({c.credit_stalls, c.occupancy_flit_cycles, c.actions.buffer_writes, c.actions.buffer_reads,
                           c.actions.link_traversals, c.actions.sw_allocations, c.actions.vc_allocations,
                           c.flits_per_output[kLocalPort]});
  return out;
}

SkipRun run_long_packets(const config::FlitRouterConfig& cfg, const char* routing, bool skip,
                         int64_t stop_freezing_at = -1) {
  // (cycle, src, dst, flits): a lone stream, two streams sharing a row, a stream joining late,
  // a many-to-one gather as the chip's partial sums make, and a packet queued behind a stream.
  const std::vector<std::array<int, 4>> sends = {{0, 0, 35, 400},     {600, 6, 11, 300},   {600, 7, 10, 500},
                                                 {650, 12, 17, 200},  {1500, 0, 21, 300},  {1500, 5, 21, 300},
                                                 {1500, 30, 21, 300}, {1510, 35, 21, 250}, {2600, 14, 15, 1},
                                                 {2601, 2, 33, 640},  {2900, 2, 4, 90}};
  return run_sends(cfg, routing, sends, skip, stop_freezing_at);
}

/// The routers freezing is checked under: BookSim's; 2 VCs of 8 flits, a credit delay, wavefront
/// and west-first; one VC of 3 flits with multi-cycle stages and links.
std::vector<std::pair<config::FlitRouterConfig, const char*>> freezing_cases() {
  std::vector<std::pair<config::FlitRouterConfig, const char*>> cases;
  config::FlitRouterConfig cfg;  // BookSim's validated router: 4 VCs of 4 flits, one-cycle stages
  cases.push_back({cfg, "xy"});
  cfg.vcs = 2;
  cfg.vc_buffer_flits = 8;
  cfg.credit_delay_cycles = 2;
  cfg.sw_allocator = "wavefront";
  cases.push_back({cfg, "west_first"});
  cfg = {};  // multi-cycle stages: a stage's due cycle is part of the state
  cfg.vcs = 1;
  cfg.vc_buffer_flits = 3;
  cfg.routing_delay_cycles = 2;
  cfg.vc_alloc_delay_cycles = 3;
  cfg.sw_alloc_delay_cycles = 2;
  cfg.link_latency_cycles = 2;
  cases.push_back({cfg, "xy"});
  return cases;
}

TEST(FlitNetwork, SkippingSteadyPeriodsGivesTheResultsOfSteppingEveryCycle) {
  const auto cases = freezing_cases();
  for (const auto& [c, routing] : cases) {
    const SkipRun stepped = run_long_packets(c, routing, false), skipped = run_long_packets(c, routing, true);
    ASSERT_EQ(stepped.packets.size(), 11u);
    EXPECT_EQ(skipped.packets, stepped.packets) << routing;
    EXPECT_EQ(skipped.routers, stepped.routers) << routing;
    EXPECT_GT(skipped.skipped, 0) << routing;
    EXPECT_GT(skipped.frozen, 0) << routing;
    std::cerr << routing << ": " << stepped.stepped << " cycles stepped; with freezing " << skipped.stepped
              << " stepped, " << skipped.skipped << " skipped, " << skipped.frozen << " router cycles frozen\n";
  }
}

// Turning freezing off mid-run (as setting a flit callback does) thaws every frozen region where
// stepping would have it: the run still ends as stepping every cycle does.
TEST(FlitNetwork, TurningFreezingOffThawsFrozenRegionsExactly) {
  const config::FlitRouterConfig cfg;
  const SkipRun stepped = run_long_packets(cfg, "xy", false);
  for (int64_t at : {300, 1650, 3000}) {  // a lone stream, the gather, the stream with a packet behind
    const SkipRun off = run_long_packets(cfg, "xy", true, at);
    EXPECT_GT(off.regions_at_stop, 0) << at;
    EXPECT_EQ(off.packets, stepped.packets) << at;
    EXPECT_EQ(off.routers, stepped.routers) << at;
  }
}

/// Random gathers, as a chip's layers make: every few hundred cycles one to six sources send a
/// packet of 64 to 463 flits each to one destination, the sends of a burst spread over 50 cycles.
SkipRun run_random_gathers(const config::FlitRouterConfig& cfg, const char* routing, uint32_t seed, bool skip) {
  constexpr int kNodes = kSkipSide * kSkipSide, kBursts = 12;
  std::mt19937 rng(seed);
  auto below = [&rng](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  std::vector<std::array<int, 4>> sends;  // cycle, src, dst, flits
  int burst_at = 0;
  for (int b = 0; b < kBursts; ++b) {
    burst_at += below(300);
    const int dst = below(kNodes), sources = 1 + below(6);
    for (int j = 0; j < sources; ++j) sends.push_back({burst_at + below(50), below(kNodes), dst, 64 + below(400)});
  }
  std::sort(sends.begin(), sends.end());
  return run_sends(cfg, routing, sends, skip);
}

// Freezing must be exact on traffic nobody chose: random gathers whose streams start, share links
// and end at random times, under the routers of freezing_cases().
TEST(FlitNetwork, FreezingIsExactOnRandomGathers) {
  const auto cases = freezing_cases();
  int64_t frozen = 0;
  for (uint32_t seed = 1; seed <= 90; ++seed) {
    const auto& [c, routing] = cases[seed % cases.size()];
    const SkipRun stepped = run_random_gathers(c, routing, seed, false),
                  skipped = run_random_gathers(c, routing, seed, true);
    ASSERT_FALSE(stepped.packets.empty());
    EXPECT_EQ(skipped.packets, stepped.packets) << "seed " << seed << ", " << routing;
    EXPECT_EQ(skipped.routers, stepped.routers) << "seed " << seed << ", " << routing;
    frozen += skipped.frozen;
  }
  EXPECT_GT(frozen, 0);  // the runs froze something to be exact about
}

}  // namespace
}  // namespace imc::sim::flit
