// SPDX-License-Identifier: MIT
// A flit-level mesh NoC, stepped one cycle at a time: a router per node, each an input-queued
// virtual-channel router as BookSim 2's iq_router (routing, VC allocation, switch allocation and
// switch traversal stages of configurable delay, credit flow control), a source queue and an
// injection and ejection port per node. Plain C++: one call steps every router, so a SystemC
// model drives it from one clocked process, and idle routers cost nothing.
//
// Timing follows BookSim's phase order, so its configurations mean the same here
// (docs/noc.md): within a cycle every router first takes what arrived, then evaluates every
// stage, then applies the results; what a stage's result enables starts the next cycle. A
// link of latency L delivers a flit L + 1 cycles after it is sent (the receiving buffer's
// write takes the last), a credit likewise plus the credit delay.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "configs/hw_config.h"
#include "mapping/actions.h"
#include "systemc_models/noc/flit/allocator.h"
#include "systemc_models/noc/routing/routing_function.h"

namespace imc::sim::flit {

/// Ports of a router: the four links (BookSim's mesh order: +x, -x, +y, -y) and the node.
constexpr int kPorts = 5;
constexpr int kLocalPort = 4;
/// The direction of mesh port 0-3, BookSim's order: +x (east), -x, +y (south, rows grow), -y.
constexpr LinkDirection port_direction(int port) {
  constexpr LinkDirection kDirections[] = {LinkDirection::East, LinkDirection::West, LinkDirection::South,
                                           LinkDirection::North};
  return kDirections[port];
}

/// What one router did, counted per action (the energy table prices them).
struct RouterCounters {
  mapping::FlitActions actions;
  uint64_t credit_stalls = 0;          ///< cycles a VC with a flit could not bid for want of a credit
  uint64_t occupancy_flit_cycles = 0;  ///< flits held in the input buffers, summed over cycles
  uint64_t flits_per_output[kPorts] = {};
  uint64_t packets_per_output[kPorts] = {};  ///< head flits
};

/// A packet handed to a node, and what it became.
struct PacketRecord {
  int src = 0, dst = 0, flits = 1;
  int64_t created = 0;     ///< cycle it entered the source queue (BookSim's ctime)
  int64_t injected = -1;   ///< cycle its head entered the network (itime)
  int64_t delivered = -1;  ///< cycle its tail left at the destination
  int64_t first_flit_delivered = -1;
  int hops = 0;  ///< routers traversed (BookSim's hops: the Manhattan distance + 1)
  int flits_ejected = 0;
  std::string route;  ///< the mesh ports taken, 'E', 'W', 'S' or 'N' per link (record_routes only)
  uint64_t tag = 0;   ///< the caller's
};

class FlitNetwork {
 public:
  /// A rows x cols mesh; node n sits at row n / cols, column n % cols (BookSim's numbering).
  FlitNetwork(int rows, int cols, const config::FlitRouterConfig& router, const RoutingFunction& routing);

  int nodes() const { return m_rows * m_cols; }
  int64_t cycle() const { return m_cycle; }

  /// Appends a packet to `src`'s source queue, created at `created` (<= the current cycle).
  /// Returns its id, valid until it is delivered.
  int enqueue(int src, int dst, int flits, int64_t created, uint64_t tag = 0);
  /// Whether `node`'s source queue is empty (all its packets' flits are in the network).
  bool source_empty(int node) const {
    return m_nodes[static_cast<size_t>(node)].queue_head == m_nodes[static_cast<size_t>(node)].queue.size();
  }
  /// Advances one cycle.
  void step();
  /// Called for each packet whose tail is ejected, in the cycle it is.
  void on_delivered(std::function<void(const PacketRecord&)> f) { m_delivered = std::move(f); }
  /// Called for each flit ejected: its packet, whether it is the tail, the cycle it was injected.
  void on_flit_ejected(std::function<void(const PacketRecord&, bool tail, int64_t injected)> f) {
    m_flit_ejected = std::move(f);
  }
  /// Called for each flit that enters the network from its source.
  void on_flit_injected(std::function<void(const PacketRecord&)> f) { m_flit_injected = std::move(f); }

  /// Packets enqueued and not yet delivered, and their flits (source queues included).
  int64_t packets_in_flight() const { return m_packets_in_flight; }
  /// Complete for every router at a quiescent network; in between, a sleeping router's
  /// stalled and buffered cycles are added when it next steps.
  const std::vector<RouterCounters>& counters() const { return m_counters; }
  /// Whether nothing is queued, buffered or on a link.
  bool idle() const { return m_packets_in_flight == 0; }
  /// Whether no node or router has anything left to do, credits included: stepping changes
  /// nothing but the cycle count, so a driver may skip ahead (skip_to).
  bool quiescent() const { return m_active_nodes.empty() && m_active_routers.empty() && m_wakeups == 0; }
  /// Routers with work for the next cycle (unordered). A router waiting only for a flit or a
  /// credit on its way is not among them: it sleeps until that arrives.
  const std::vector<int>& active_routers() const { return m_active_routers; }
  /// Flits in a router's input buffers now.
  int buffered_flits(int router) const { return m_routers[static_cast<size_t>(router)].buffered; }
  /// Whether packets record the ports they take (the trace's routes; adaptive routing decides
  /// them on the way).
  void record_routes(bool on) { m_record_routes = on; }
  /// Steps every router and node with a flit, a packet or a credit in it each cycle instead of
  /// letting those that only wait sleep: the same results, slower (the reference sleeping is tested
  /// against).
  void keep_routers_awake(bool on) { m_keep_awake = on; }
  /// Moves the clock of a quiescent network to `cycle` (>= the current one) without stepping.
  void skip_to(int64_t cycle);
  /// Called after step(): when the network has been in a steady state (its state a whole
  /// number of cycles ago equals today's, times aside, while packets stream body flits), jumps
  /// ahead by whole periods to where stepping would take it, at most `max_cycles` and never past
  /// a source's tail flit. Returns the cycles skipped (0: none). Exact, as stepping is
  /// (docs/noc.md, "Skipping steady streams"); off while callbacks watch single flits.
  int64_t skip_steady_periods(int64_t max_cycles);
  /// Visits every packet not yet delivered.
  void for_each_in_flight(const std::function<void(const PacketRecord&)>& f) const;

 private:
  enum class VcState : uint8_t { Idle, Routing, VcAlloc, Active };
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  /// The injection and ejection channels are local wires of one cycle, as BookSim's; only the
  /// mesh links take noc.link_latency_cycles.
  static constexpr int kLocalChannelCycles = 1;
  int channel_cycles(int port) const { return port == kLocalPort ? kLocalChannelCycles : m_p.link_latency_cycles; }

  struct Flit {
    int packet = -1;
    bool head = false, tail = false;
    int vc = 0;
    int64_t injected = 0;  ///< cycle this flit entered the network
  };
  /// A VC's buffer: a ring of vc_buffer_flits (credits keep it from overflowing).
  struct InputVc {
    std::vector<Flit> ring;
    int first = 0, size = 0;
    VcState state = VcState::Idle;
    int out_port = -1, out_vc = -1;
    int64_t eval = kNever;    ///< first cycle its current stage evaluates
    int64_t update = kNever;  ///< cycle its evaluated stage completes
    int va_result = -1;       ///< the output VC granted (output * vcs + vc), -1 none
    Flit& front() { return ring[static_cast<size_t>(first)]; }
  };
  struct Timed {
    int64_t at;
    Flit flit;
  };
  struct TimedCredit {
    int64_t at;
    int vc;
  };
  /// The upstream's view of a downstream input port: per VC, flits sent and not yet credited,
  /// and whether a packet holds it.
  struct DownstreamState {
    std::vector<int> occupancy;
    std::vector<char> taken;
  };
  template <class T>
  struct Fifo {  // arrivals in time order (every link has one delay)
    std::vector<T> items;
    size_t head = 0;
    bool ready(int64_t now) const { return head < items.size() && items[head].at <= now; }
    T pop() {
      T t = items[head++];
      if (head == items.size()) items.clear(), head = 0;
      return t;
    }
    void push(const T& t) { items.push_back(t); }
    bool empty() const { return head == items.size(); }
    int64_t next_at() const { return empty() ? kNever : items[head].at; }
  };
  struct Router {
    std::vector<InputVc> vcs;  ///< kPorts x vcs
    DownstreamState out[kPorts];
    Fifo<Timed> arriving[kPorts];
    Fifo<TimedCredit> credits[kPorts];
    std::vector<int> sw_rr_offset = std::vector<int>(kPorts, 0);
    int buffered = 0;                   ///< flits in its input buffers
    std::vector<uint64_t> busy_bits;    ///< bit i: VC i (port * vcs + vc) is not idle
    std::unique_ptr<Allocator> va, sw;  ///< noc.vc_allocator, noc.sw_allocator
    /// Asleep (nothing it does changes until a flit or credit arrives): from this cycle, with
    /// this many credit-stalled VCs; -1 awake.
    int64_t asleep_since = 0;
    int stalled_vcs = 0;
    /// Asleep: the cycle the wheel wakes it (its earliest flit or credit on the way), kNever none.
    int64_t wake_at = kNever;
    Router(int vcs_per_port, const config::FlitRouterConfig& p);
  };
  struct Node {
    std::vector<int> queue;  ///< packet ids, in order
    size_t queue_head = 0;
    int next_flit = 0;  ///< of the front packet
    int vc = -1, last_vc = -1;
    DownstreamState inject;
    Fifo<Timed> ejecting;
    Fifo<TimedCredit> credits;
    int64_t wake_at = kNever;  ///< asleep: as a router's
  };

  int mesh_neighbour(int router, int port) const;
  /// The router through mesh port 0-3, -1 off the edge (from a table: it is on every flit's path).
  int neighbour(int router, int port) const { return m_neighbours[static_cast<size_t>(router)][port]; }
  int output_port(int router, int dst) const;
  void step_node(int n);
  void step_router(int r);
  /// Whether the router does anything next cycle beyond counting stalls, given what has
  /// arrived; `stalled` gets its credit-stalled VCs.
  bool router_acts_next_cycle(const Router& router, int& stalled) const;
  bool holds_anything(const Router& router) const;
  /// Adds the cycles a router slept through to its counters and moves its allocating VCs'
  /// evaluations to where stepping every cycle would have them.
  void wake(int r);
  /// Adds the cycles a sleeping router slept up to `at` to its counters, as waking then would,
  /// and lets it sleep on from `at`.
  void settle_sleep(int r, int64_t at);
  /// A flit or credit reaches router `r` (node `n`) at cycle `at`. An awake one needs nothing (it
  /// schedules its earliest arrival when it falls asleep); a sleeping one is woken then, unless
  /// it already wakes earlier. Scheduling only there keeps the wheel to a few entries per sleep.
  void schedule_router(int r, int64_t at) {
    Router& R = m_routers[static_cast<size_t>(r)];
    if (R.asleep_since >= 0 && at < R.wake_at) R.wake_at = at, schedule(r, at);
  }
  void schedule_node(int n, int64_t at) {
    Node& node = m_nodes[static_cast<size_t>(n)];
    if (!m_node_active[static_cast<size_t>(n)] && at < node.wake_at) node.wake_at = at, schedule(-1 - n, at);
  }
  void schedule(int entry, int64_t at);
  /// The cycle a router's or node's next flit or credit arrives (kNever: nothing on the way).
  static int64_t next_arrival(const Router& R);
  static int64_t next_arrival(const Node& node) { return std::min(node.ejecting.next_at(), node.credits.next_at()); }
  /// A node or router falls asleep: the wheel wakes it at its next arrival, if any.
  void sleep_until_arrival(int64_t& wake_at, int entry, int64_t next);
  void deliver(int router, int port, const Flit& f, int64_t leaves);
  void credit_upstream(int router, int port, int vc, int64_t sent);
  void release(int packet);
  /// Steps touch only the nodes and routers with work (a 64x64 mesh is mostly idle).
  void activate_node(int n) {
    if (!m_node_active[static_cast<size_t>(n)]) m_node_active[static_cast<size_t>(n)] = 1, m_active_nodes.push_back(n);
  }
  void activate_router(int r) {
    if (!m_router_active[static_cast<size_t>(r)])
      m_router_active[static_cast<size_t>(r)] = 1, m_active_routers.push_back(r);
  }
  /// Whether a node's front packet can send a flit next cycle (else it waits for a credit).
  bool node_can_inject(const Node& node) const;

  /// What skip_steady_periods compares: the state of every router and node touched (stepped,
  /// or sent a flit or credit) since `start`, as it was then, relative to `start`.
  struct SteadyProbe {
    bool on = false;
    bool broken = false;  ///< a head or tail moved, or a packet arrived: start again
    int64_t start = 0;
    int64_t quiet_since = 0;   ///< the cycle of the last head or tail move
    std::vector<int> entries;  ///< touched routers (r) and nodes (-1 - n), in touch order
    std::vector<size_t> offsets;
    std::vector<int64_t> state;      ///< entries' states at start, concatenated (offsets)
    std::vector<uint64_t> progress;  ///< per entry: its counters (router) or next flit (node) at start
    std::vector<int> packet_flits_ejected;
    std::vector<char> router_seen, node_seen;
    uint64_t signature = 0;  ///< a cheap digest of the entries' states at start
    /// Whether the probe touched a router (r) or node (-1 - n).
    char& seen(int entry) {
      return entry >= 0 ? router_seen[static_cast<size_t>(entry)] : node_seen[static_cast<size_t>(-1 - entry)];
    }
  };
  /// Records an entry's state before the first change in this probe.
  void touch(int entry) {
    if (!m_probe.on) return;
    char& seen = m_probe.seen(entry);
    if (!seen) seen = 1, first_touch(entry);
  }
  void first_touch(int entry);
  void restart_probe();
  /// An entry's state, times relative to `at`; `progress` its monotone counts.
  void append_state(int entry, int64_t at, std::vector<int64_t>& out) const;
  void append_progress(int entry, std::vector<uint64_t>& out) const;
  uint64_t signature_of(int entry) const;
  /// Whether the touched entries' state now equals the probe's, periods aside.
  bool state_repeats() const;
  /// Shifts every touched entry `periods` probe periods ahead.
  void jump(int64_t periods);

  int m_rows, m_cols;
  config::FlitRouterConfig m_p;
  SteadyProbe m_probe;
  const RoutingFunction* m_routing;  ///< owned by the routing registry
  mutable std::vector<LinkDirection> m_route;
  int64_t m_cycle = 0;
  std::vector<std::array<int, kLocalPort>> m_neighbours;
  std::vector<Router> m_routers;
  std::vector<Node> m_nodes;
  std::vector<RouterCounters> m_counters;
  std::vector<char> m_node_active, m_router_active;
  std::vector<int> m_active_nodes, m_active_routers;
  /// Routers (r) and nodes (-1 - n) to wake, by cycle modulo the wheel's size (larger than any
  /// link or credit delay).
  std::vector<std::vector<int>> m_wheel;
  int64_t m_wakeups = 0;                ///< entries in the wheel
  std::vector<int> m_stepping;          ///< this cycle's active list, in index order (a reused buffer)
  std::vector<int> m_busy_vcs;          ///< the router being stepped: its busy VCs, in index order (a reused buffer)
  std::vector<PacketRecord> m_packets;  ///< by id; ids of delivered packets are reused
  std::vector<int> m_free_ids;
  int64_t m_packets_in_flight = 0;
  bool m_record_routes = false;
  bool m_keep_awake = false;
  std::function<void(const PacketRecord&)> m_delivered, m_flit_injected;
  std::function<void(const PacketRecord&, bool, int64_t)> m_flit_ejected;
};

}  // namespace imc::sim::flit
