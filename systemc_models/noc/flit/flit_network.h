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
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <queue>
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

/// The input port a flit sent on mesh port `output` arrives at: the one facing back.
constexpr int facing(int output) { return output ^ 1; }

// A VC index is kept in a byte (credits in flight, a VC's own index) and a flit's in 16 bits.
static_assert(config::FlitRouterConfig::kMaxVcs <= 255, "VC indices are stored in a byte");
/// Words of a router's busy-VC bits at the most VCs per port noc.vcs allows.
constexpr int kMaxBusyWords = (kPorts * config::FlitRouterConfig::kMaxVcs + 63) / 64;

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
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  /// A rows x cols mesh; node n sits at row n / cols, column n % cols (BookSim's numbering).
  FlitNetwork(int rows, int cols, const config::FlitRouterConfig& router, const RoutingFunction& routing);

  int nodes() const { return m_node_count; }
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
    update_freezing();
  }
  /// Called for each flit that enters the network from its source.
  void on_flit_injected(std::function<void(const PacketRecord&)> f) {
    m_flit_injected = std::move(f);
    update_freezing();
  }

  /// Packets enqueued and not yet delivered, and their flits (source queues included).
  int64_t packets_in_flight() const { return m_packets_in_flight; }
  /// Complete for every router at a quiescent network; in between, a sleeping router's
  /// stalled and buffered cycles are added when it next steps, a frozen one's when it thaws.
  const std::vector<RouterCounters>& counters() const { return m_counters; }
  /// Whether nothing is queued, buffered or on a link.
  bool idle() const { return m_packets_in_flight == 0; }
  /// Whether no node or router has anything left to do, credits included: stepping changes
  /// nothing but the cycle count, so a driver may skip ahead (skip_to).
  bool quiescent() const {
    return m_active_nodes.empty() && m_active_routers.empty() && m_wakeups == 0 && m_live_regions == 0;
  }
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
  /// Freezes steady regions: a part of the mesh whose state recurs every P cycles while packets
  /// stream body flits through it (and nothing else reaches it) is not stepped; when something
  /// reaches it, or a source in it would send a tail flit, it is brought to where stepping would
  /// have it (whole periods shifted, the rest replayed alone). Exact, as stepping is (docs/noc.md,
  /// "Skipping steady streams"); off while callbacks watch single flits.
  void freeze_steady_regions(bool on) {
    m_freeze = on;
    update_freezing();
  }
  /// The first cycle something is due: this one when a router or node has work, else the
  /// earliest wake-up or region thaw; kNever when nothing is.
  int64_t next_due_cycle();
  /// With no router or node active, moves the clock to min(next_due_cycle(), limit) without
  /// stepping: the cycles in between change nothing. Returns the cycles skipped.
  int64_t skip_idle_cycles(int64_t limit);
  /// Router cycles that frozen regions were not stepped (whole periods shifted instead).
  int64_t frozen_router_cycles() const { return m_frozen_router_cycles; }
  /// Regions frozen now.
  int frozen_regions() const { return m_live_regions; }
  /// Visits every packet not yet delivered.
  void for_each_in_flight(const std::function<void(const PacketRecord&)>& f) const;

 private:
  enum class VcState : uint8_t { Idle, Routing, VcAlloc, Active };
  /// The injection and ejection channels are local wires of one cycle, as BookSim's; only the
  /// mesh links take noc.link_latency_cycles.
  static constexpr int kLocalChannelCycles = 1;
  int channel_cycles(int port) const { return port == kLocalPort ? kLocalChannelCycles : m_p.link_latency_cycles; }

  struct Flit {  // 16 bytes: buffers and arrival slots hold many
    int packet = -1;
    bool head = false, tail = false;
    int16_t vc = 0;        ///< < kMaxVcs
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
    /// Its input port and VC there (its index is port * vcs + vc): kept, as dividing by noc.vcs
    /// on every flit's hop costs more than the rest of the arithmetic.
    uint8_t in_port = 0, in_vc = 0;
    /// The k-th flit from the front, k <= size (k == size: the slot the next arrival takes).
    Flit& at(int k) {
      const size_t i = static_cast<size_t>(first + k);
      return ring[i < ring.size() ? i : i - ring.size()];
    }
    const Flit& at(int k) const { return const_cast<InputVc*>(this)->at(k); }
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
  /// One port's value per VC, in storage its router or node owns (a router's ports share one
  /// block: a credit reads a VC's count and holder together).
  template <class T>
  struct VcArray {
    T* values = nullptr;
    size_t n = 0;
    T& operator[](size_t i) { return values[i]; }
    const T& operator[](size_t i) const { return values[i]; }
    size_t size() const { return n; }
    const T* begin() const { return values; }
    const T* end() const { return values + n; }
  };
  /// The upstream's view of a downstream input port: per VC, flits sent and not yet credited,
  /// and whether a packet holds it.
  struct DownstreamState {
    VcArray<int> occupancy;
    VcArray<int> holder;  ///< a router's: the input VC a taken one is held by, -1 none
    VcArray<char> taken;
  };
  /// Storage for `ports` DownstreamStates of `vcs` VCs, all free.
  struct DownstreamStorage {
    std::vector<int> counts;  ///< per port: occupancy, then holder
    std::vector<char> taken;
    void attach(DownstreamState* ports, int n_ports, int vcs) {
      const size_t v = static_cast<size_t>(vcs);
      counts.assign(2 * v * static_cast<size_t>(n_ports), 0);
      taken.assign(v * static_cast<size_t>(n_ports), 0);
      for (size_t p = 0; p < static_cast<size_t>(n_ports); ++p) {
        ports[p].occupancy = {&counts[2 * v * p], v};
        ports[p].holder = {&counts[2 * v * p + v], v};
        std::fill_n(ports[p].holder.values, v, -1);
        ports[p].taken = {&taken[v * p], v};
      }
    }
  };
  template <class T>
  struct Fifo {  // arrivals in time order (every link has one delay)
    /// Items before `head` are gone. A link streaming a packet never empties its queue, so the
    /// gone ones are dropped every kCompactAt pops (a few in flight move) instead of piling up.
    static constexpr size_t kCompactAt = 32;
    std::vector<T> items;
    size_t head = 0;
    bool ready(int64_t now) const { return head < items.size() && items[head].at <= now; }
    T pop() {
      T t = items[head++];
      if (head == items.size())
        items.clear(), head = 0;
      else if (head == kCompactAt)
        items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(head)), head = 0;
      return t;
    }
    void push(const T& t) { items.push_back(t); }
    bool empty() const { return head == items.size(); }
    int64_t next_at() const { return empty() ? kNever : items[head].at; }
  };
  /// What a push to it and a lone stream's step read share its first cache line, its busy and
  /// stalled VC words the second (the routers stepped in a cycle are scattered over the mesh, so
  /// most steps start with cache misses).
  struct alignas(64) Router {
    /// Asleep (nothing it does changes until a flit or credit arrives): from this cycle, with
    /// this many credit-stalled VCs; -1 awake.
    int64_t asleep_since = 0;
    /// Asleep: the cycle the wheel wakes it (its earliest flit or credit on the way), kNever none.
    int64_t wake_at = kNever;
    InputVc* vcs = nullptr;   ///< kPorts x vcs, in vc_storage; null until built (build_router)
    int buffered = 0;         ///< flits in its input buffers
    int stalled_vcs_now = 0;  ///< bits set in stalled_bits
    int stalled_vcs = 0;
    /// VCs in the Routing and the VcAlloc state (most cycles have none, and skip those stages).
    int routing_vcs = 0, allocating_vcs = 0;
    std::array<uint8_t, kPorts> sw_rr_offset{};  ///< per input, the VC its switch request favours (< kMaxVcs)
    std::unique_ptr<Allocator> sw;               ///< noc.sw_allocator
    /// Sum over output VCs of occupancy x occupancy_key(VC): the downstream counts' digest, kept
    /// as they change (signature_of would otherwise read all of them for every member, every cycle).
    uint64_t occupancy_digest = 0;
    /// Bit i: VC i (port * vcs + vc) is not idle; the first busy_words() words are used. Kept in
    /// the router, next to what a step reads with it.
    std::array<uint64_t, kMaxBusyWords> busy_bits{};
    /// Bit i: busy VC i waits for a credit (Active, a flit, its output VC full). Nothing but a
    /// credit for that output VC changes that, so a step counts these stalls in bulk and leaves
    /// them out of its stages; the credit's arrival clears the bit.
    std::array<uint64_t, kMaxBusyWords> stalled_bits{};
    std::unique_ptr<Allocator> va;  ///< noc.vc_allocator
    DownstreamState out[kPorts];
    DownstreamStorage out_storage;
    std::vector<InputVc> vc_storage;
  };
  struct Node {
    std::vector<int> queue;  ///< packet ids, in order
    size_t queue_head = 0;
    int next_flit = 0;  ///< of the front packet
    int vc = -1, last_vc = -1;
    DownstreamState inject;
    DownstreamStorage inject_storage;
    Fifo<Timed> ejecting;
    Fifo<TimedCredit> credits;
    int64_t wake_at = kNever;  ///< asleep: as a router's
  };

  /// A fixed pseudo-random weight per output VC (port * vcs + vc) for occupancy_digest, looked
  /// up (two per flit hop) rather than hashed.
  static uint64_t occupancy_key(int output_vc) { return kOccupancyKeys[static_cast<size_t>(output_vc)]; }
  static constexpr std::array<uint64_t, kPorts* config::FlitRouterConfig::kMaxVcs> kOccupancyKeys = [] {
    std::array<uint64_t, kPorts * config::FlitRouterConfig::kMaxVcs> keys{};
    for (size_t i = 0; i < keys.size(); ++i) {
      uint64_t z = i + 0x9E3779B97F4A7C15ULL;  // splitmix64's finaliser
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      keys[i] = z ^ (z >> 31);
    }
    return keys;
  }();
  /// The words of busy_bits a router with noc.vcs VCs per port uses (kept: the loops that read
  /// it write memory, so a computed bound would be recomputed every iteration).
  size_t busy_words() const { return m_busy_words; }
  int mesh_neighbour(int router, int port) const;
  /// The router through mesh port 0-3, -1 off the edge (a table; a flit's hop uses next_router).
  int neighbour(int router, int port) const { return m_neighbours[static_cast<size_t>(router)][port]; }
  /// The router through mesh port 0-3 of one whose routing chose that port (output_port checked
  /// it is on the mesh), or whose input it is (a flit came through it).
  int next_router(int router, int port) const { return router + m_port_step[static_cast<size_t>(port)]; }
  int output_port(int router, int dst) const;
  void step_node(int n);
  /// Steps a router; returns whether it does anything next cycle beyond counting stalls, given
  /// what has arrived (its credit-stalled VCs are R.stalled_vcs_now).
  bool step_router(int r);
  /// step_router's stages for a router whose only busy VC streams a packet (Active).
  bool step_lone_stream(int r, Router& R, RouterCounters& count, int i, int64_t t);
  /// step_router's stages for any other router with work (apart: the common lone stream keeps a
  /// small function without this one's frame).
  [[gnu::noinline]] bool step_stages(int r, Router& R, RouterCounters& count, int64_t t);
  /// VC i of a router waits for a credit now (stall) or no longer (unstall).
  static void stall(Router& R, int i) {
    const uint64_t bit = uint64_t{1} << (i % 64);
    uint64_t& word = R.stalled_bits[static_cast<size_t>(i / 64)];
    R.stalled_vcs_now += (word & bit) == 0;
    word |= bit;
  }
  static void unstall(Router& R, int i) {
    const uint64_t bit = uint64_t{1} << (i % 64);
    uint64_t& word = R.stalled_bits[static_cast<size_t>(i / 64)];
    R.stalled_vcs_now -= (word & bit) != 0;
    word &= ~bit;
  }
  /// The switch granted input p's VC v: its traversal completes after noc.sw_alloc_delay_cycles.
  void grant_switch(Router& R, RouterCounters& count, int p, int v, int64_t t);
  /// After a step's sends: whether busy VC i has a stage under way or a flit and a credit (it
  /// acts next cycle); one with a flit and no credit joins the stalled mask.
  bool acts_next_cycle(Router& R, int i);
  /// Switch traversal of VC i's front flit: to the next router or node, a credit upstream.
  void send_front(int r, Router& R, RouterCounters& count, int i, int64_t t);
  bool holds_anything(int router) const;
  /// Adds the cycles a router slept through to its counters and moves its allocating VCs'
  /// evaluations to where stepping every cycle would have them.
  void wake(int r);
  /// Adds the cycles a sleeping router slept up to `at` to its counters, as waking then would,
  /// and lets it sleep on from `at` (inline: every wake does it).
  void settle_sleep(int r, int64_t at) {
    Router& R = m_routers[static_cast<size_t>(r)];
    if (R.asleep_since < 0 || at <= R.asleep_since) return;
    const int64_t slept = at - R.asleep_since;
    R.asleep_since = at;
    RouterCounters& count = m_counters[static_cast<size_t>(r)];
    count.credit_stalls += static_cast<uint64_t>(R.stalled_vcs) * static_cast<uint64_t>(slept);
    count.occupancy_flit_cycles += static_cast<uint64_t>(R.buffered) * static_cast<uint64_t>(slept);
    if (R.allocating_vcs > 0) settle_allocations(R, at);
  }
  /// A VC waiting for an output VC evaluated every vc_alloc_delay cycles while its router slept
  /// until `at`: its next evaluation moves to where stepping every cycle would have it.
  void settle_allocations(Router& R, int64_t at);
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
  /// The cycle a node's next flit or credit arrives (kNever: nothing on the way).
  static int64_t next_arrival(const Node& node) { return std::min(node.ejecting.next_at(), node.credits.next_at()); }
  /// A node or router falls asleep: the wheel wakes it at its next arrival, if any.
  void sleep_until_arrival(int64_t& wake_at, int entry, int64_t next);
  /// Gives a router its VCs, their rings, its downstream views and its allocators, as its first
  /// flit is pushed to it: a 64x64 mesh has 4096 routers and a network uses a part of them,
  /// while building them all cost more than a short run (page faults on 30 MB; docs/noc.md).
  void build_router(int r);
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
  void update_freezing();

  // Steady regions (steady_regions.cpp). Entities are routers (slot r) and nodes (slot
  // nodes() + n); the wheel and the public API name them r and -1 - n.
  int slot_of(int entry) const { return entry >= 0 ? slot_of_kind<false>(entry) : slot_of_kind<true>(entry); }
  /// slot_of for an entry known to be a node (kNode) or a router.
  template <bool kNode>
  int slot_of_kind(int entry) const {
    return kNode ? nodes() - 1 - entry : entry;
  }
  int entry_of(int slot) const { return slot < nodes() ? slot : nodes() - 1 - slot; }
  /// Entities that sent each other a flit or credit since their component's last split are in one
  /// component (and those a head or tail moved at). A component whose state
  /// at a restart recurs P cycles later, untainted and with no member added, repeats every P
  /// cycles until something outside reaches it or a source's tail would be injected.
  struct Component {
    int64_t start = 0;       ///< the cycle its members' states were recorded at
    int64_t last_taint = 0;  ///< the cycle a head or tail last moved in it
    bool dirty = true;       ///< a member joined since the start: record again
    bool tainted = false;    ///< a head or tail moved since the start
    bool hopeless = false;   ///< it repeated with no source streaming: not checked till the next start
    bool full = false;       ///< the members' states at the start are recorded, not only their digest
    uint64_t signature = 0;  ///< a cheap digest of the members' states at the start
    std::vector<int> members;
  };
  /// A component frozen at `since`: its members keep their state of then and are not stepped;
  /// thawing shifts them whole periods and replays the rest (thaw).
  struct Region {
    std::vector<int> members;
    std::vector<char> awake;       ///< per member: stepped in the cycle after the freeze
    std::vector<uint64_t> growth;  ///< per member: its counters' (router) or next flit's (node) growth per period
    std::vector<std::pair<int, int>> packet_growth;  ///< packet id, flits ejected per period
    int64_t since = 0, period = 1, max_periods = 0;
    bool live = false, reached = false;
    /// The cycle it must thaw by: the last whole period before a source's tail.
    int64_t thaw_by() const { return since + max_periods * period; }
  };
  /// A flit or credit sent to a frozen entity in this cycle: delivered once its region is thawed.
  struct HeldInput {
    int from, entry, port;
    bool is_credit;
    Timed flit;
    TimedCredit credit;
  };
  /// Joins an entity to a component as it is first touched.
  void touch(int slot) {
    if (m_parent[static_cast<size_t>(slot)] < 0) join(slot);
  }
  /// `from` sent `to` a flit or credit over link `link` (0-3 a mesh port of the router, 4 the
  /// local link): they are in one component from now on. A link that carried something since its
  /// ends' last split joined them then (a split, a freeze or a reset clears the marks of every
  /// slot it separates): nothing to do, as for most flits, so that test is inline.
  void interact(int from, int to, int link) {
    if (m_replaying >= 0 || m_long_packets == 0) return;
    const int marked = from < 0 ? to : from;  // the router's end of the link
    if (!(m_links_used[static_cast<size_t>(marked)] >> link & 1)) join_over_link(from, to, link);
  }
  void join_over_link(int from, int to, int link);
  /// A head or tail moved at `entry` (or a packet arrived there): its component cannot repeat.
  void taint(int entry);
  void join(int slot);
  int find(int slot);
  void merge(int a, int b);
  /// Records a component's members' states now; `split`: first drops those with nothing to do
  /// and splits the rest into the pieces that exchanged something since the last split.
  void restart(int root, std::vector<int>& roots, bool split);
  /// Records the members' states now as a component's start: their digest, and with `full` the
  /// states themselves (taken only once the digest has recurred, as most starts find no period).
  void record(int root, const std::vector<int>& members, bool full);
  /// After each cycle: restarts, compares and freezes components.
  void check_components();
  /// Freezes a component whose state repeats; false when it has no source streaming.
  bool freeze(int root);
  /// Brings a region to the state stepping would have before cycle `upto` and lets it step again.
  void thaw(int region, int64_t upto);
  /// At a cycle's start: thaws the regions whose sources would send a tail now.
  void thaw_expired();
  /// At a cycle's end: thaws the regions reached in it and hands them what reached them.
  void thaw_reached();
  /// Holds a flit or credit sent to a frozen entity until its region thaws at the cycle's end.
  void hold(const HeldInput& input);
  /// Where a flit (credit) for node n waits to arrive.
  Fifo<Timed>& inbox(Node& node, const Timed&) { return node.ejecting; }
  Fifo<TimedCredit>& inbox(Node& node, const TimedCredit&) { return node.credits; }
  /// A flit or credit from router or node `from` reaches `entry`'s input `port`.
  template <class Item>  // Timed or TimedCredit
  void push(int from, int entry, int port, const Item& item);
  /// push, for a destination known to be a node (kToNode) or a router: the flit path's form.
  template <class Item, bool kToNode>
  void push_to(int from, int entry, int port, const Item& item);
  /// An id for a new item of `items`: a freed one, or one more.
  template <class T>
  static int take_id(std::vector<T>& items, std::vector<int>& free_ids) {
    if (free_ids.empty()) {
      items.emplace_back();
      return static_cast<int>(items.size()) - 1;
    }
    const int id = free_ids.back();
    free_ids.pop_back();
    return id;
  }
  /// Drops every component (the network went quiescent).
  void reset_components();
  /// Visits the packet of every flit in an entry, buffered or on its way (steady_regions.cpp).
  template <class F>
  void for_each_packet(int entry, F&& f) const;
  /// An entry's state, times relative to `at`; `progress` its monotone counts.
  template <class Out>  // std::vector<int64_t>, or a sink comparing with a recorded state
  void append_state(int entry, int64_t at, Out& out) const;
  void append_progress(int entry, std::vector<uint64_t>& out) const;
  uint64_t signature_of(int entry) const;
  /// signature_of a slot's entity, computed again only after it stepped or something reached it
  /// (most members of a watched component sleep through most cycles).
  uint64_t cached_signature(int slot) {
    if (m_signature_stale[static_cast<size_t>(slot)]) {
      m_signatures[static_cast<size_t>(slot)] = signature_of(entry_of(slot));
      m_signature_stale[static_cast<size_t>(slot)] = 0;
    }
    return m_signatures[static_cast<size_t>(slot)];
  }
  /// What signature_of reads of the entity in `slot` may have changed.
  void state_changed(int slot) { m_signature_stale[static_cast<size_t>(slot)] = 1; }
  /// Shifts a region's members `periods` periods ahead.
  void jump(const Region& g, int64_t periods);
  /// Moves what is on its way to a router `shift` cycles later.
  void shift_arrivals(int router, int64_t shift);
  /// Steps every active router and node once, without the regions' bookkeeping.
  void step_active();
  /// What is on its way to a router, by the cycle it arrives: a slot per cycle modulo the wheel's
  /// size (more than any delay), holding a mask (bit p: a flit at input p; bit kPorts + p: a
  /// credit for output p) and the flits and credits themselves. A link carries one flit and one
  /// credit a cycle, and a router steps in every cycle something reaches it (the wheel wakes it),
  /// so a step reads exactly its cycle's slot (no queues to ask, most holding only what arrives
  /// later), and a slot is empty again before its cycle comes round.
  size_t arrival_slot(int router, int64_t at) const {
    return static_cast<size_t>(router) << m_slot_bits | (static_cast<size_t>(at) & m_slot_mask);
  }
  uint16_t& arrivals_at(int router, int64_t at) { return m_arrivals[arrival_slot(router, at)]; }
  /// The first cycle from `from` on that something reaches a router, kNever if nothing is on its way.
  int64_t next_arrival_from(int router, int64_t from) const {
    const uint16_t* slots = &m_arrivals[static_cast<size_t>(router) << m_slot_bits];
    for (size_t d = 0; d <= m_slot_mask; ++d)
      if (slots[(static_cast<size_t>(from) + d) & m_slot_mask] != 0) return from + static_cast<int64_t>(d);
    return kNever;
  }
  /// Visits what is on its way to a router in arrival order, from cycle `from` on:
  /// on_flit(at, input port, flit), on_credit(at, output port, vc).
  template <class OnFlit, class OnCredit>
  void for_each_arrival(int router, int64_t from, OnFlit&& on_flit, OnCredit&& on_credit) const {
    for (size_t d = 0; d <= m_slot_mask; ++d) {
      const int64_t at = from + static_cast<int64_t>(d);
      const size_t s = arrival_slot(router, at);
      for (uint32_t bits = m_arrivals[s]; bits != 0; bits &= bits - 1) {
        const int b = __builtin_ctz(bits);
        if (b < kPorts)
          on_flit(at, b, m_arrival_flits[s * kPorts + static_cast<size_t>(b)]);
        else
          on_credit(at, b - kPorts, int{m_arrival_credits[s * kPorts + static_cast<size_t>(b - kPorts)]});
      }
    }
  }
  void wheel_insert(int entry, int64_t at) {
    m_wheel[static_cast<size_t>(at) & (m_wheel.size() - 1)].push_back(entry);
    ++m_wakeups;
  }

  int m_rows, m_cols;
  int m_node_count;  ///< m_rows x m_cols (slot_of reads it on every flit and credit)
  config::FlitRouterConfig m_p;
  size_t m_busy_words;
  const RoutingFunction* m_routing;   ///< owned by the routing registry
  const AllocatorFactory* m_make_va;  ///< noc.vc_allocator's, owned by the registry
  const AllocatorFactory* m_make_sw;  ///< noc.sw_allocator's
  mutable std::vector<LinkDirection> m_route;
  int64_t m_cycle = 0;
  std::vector<std::array<int, kLocalPort>> m_neighbours;
  std::array<int, kLocalPort> m_port_step{};  ///< router index difference through mesh port 0-3
  std::vector<Router> m_routers;
  std::vector<Node> m_nodes;
  std::vector<RouterCounters> m_counters;
  std::vector<char> m_node_active, m_router_active;
  std::vector<int> m_active_nodes, m_active_routers;
  /// Routers (r) and nodes (-1 - n) to wake, by cycle modulo the wheel's size (larger than any
  /// link or credit delay).
  std::vector<std::vector<int>> m_wheel;
  int64_t m_wakeups = 0;        ///< entries in the wheel
  std::vector<int> m_stepping;  ///< this cycle's active list (a reused buffer)
  std::vector<int> m_busy_vcs;  ///< the router being stepped: its busy VCs, in index order (a reused buffer)
  std::vector<int> m_kept, m_piece, m_linked;  ///< restart's members with work, a piece, a member's links (reused)
  std::vector<uint16_t> m_arrivals;            ///< per router, per slot: what arrives (arrival_slot)
  std::vector<Flit> m_arrival_flits;           ///< per router, per slot, per input port
  std::vector<uint8_t> m_arrival_credits;      ///< per router, per slot, per output port: the VC
  size_t m_slot_bits = 0, m_slot_mask = 0;     ///< log2 of the wheel's slots, and slots - 1
  std::vector<PacketRecord> m_packets;         ///< by id; ids of delivered packets are reused
  std::vector<int> m_free_ids;
  int64_t m_packets_in_flight = 0;
  bool m_record_routes = false;
  bool m_keep_awake = false;
  bool m_freeze = false, m_freezing = false;  ///< asked for; and no flit callback forbids it
  /// Components are tracked only while a packet of this many flits is in flight: shorter ones
  /// end before a period could be found, and tracking costs a little on every flit.
  static constexpr int kLongPacketFlits = 64;
  /// The longest period looked for (a component that found none by then is split and recorded
  /// again): a credit-limited stream repeats every credit round trip, streams sharing routers
  /// every few; twice the round trip, 16 to 64 cycles. Longer searches cost more than they find
  /// (resnet18, presets: 16 cycles 13.6 G instructions, 24 cycles 13.7 G, 64 cycles 14.1 G).
  int64_t m_max_period;
  int64_t m_long_packets = 0;           ///< packets of kLongPacketFlits or more, in flight
  std::vector<int> m_parent;            ///< per slot: union-find parent, -1 not in a component
  std::vector<Component> m_components;  ///< per slot (roots')
  std::vector<int> m_roots, m_next_roots;
  std::vector<int64_t> m_slot_taint;  ///< per slot: the cycle a head or tail last moved there
  std::vector<uint8_t> m_links_used;  ///< per slot: bit p, the link through mesh port p (4: local) carried something
  std::vector<std::vector<int64_t>> m_start_state;      ///< per slot: its state at its component's start
  std::vector<std::vector<uint64_t>> m_start_progress;  ///< per slot: its monotone counts then
  std::vector<int> m_ejected_at_start;                  ///< per packet: flits ejected at its component's start
  std::vector<uint64_t> m_signatures;                   ///< per slot: signature_of, when not stale
  std::vector<char> m_signature_stale;                  ///< per slot: changed since its signature was taken
  std::vector<Region> m_regions;
  std::vector<int> m_free_regions;
  int m_live_regions = 0;
  std::vector<int> m_region_of;  ///< per slot: the region freezing it, -1 none
  /// (the cycle a region must thaw by, region), earliest first; stale entries are skipped.
  std::priority_queue<std::pair<int64_t, int>, std::vector<std::pair<int64_t, int>>, std::greater<>> m_expiries;
  std::vector<int> m_reached;  ///< regions reached from outside this cycle
  std::vector<HeldInput> m_held;
  std::vector<std::vector<int>> m_spare_wheel;  ///< the wheel while a region replays alone
  int m_replaying = -1;                         ///< the region replaying, -1 none
  int64_t m_frozen_router_cycles = 0;
  mutable std::vector<int64_t> m_allocator_state;  ///< append_state's scratch for the allocators' part
  std::function<void(const PacketRecord&)> m_delivered, m_flit_injected;
  std::function<void(const PacketRecord&, bool, int64_t)> m_flit_ejected;
};

}  // namespace imc::sim::flit
