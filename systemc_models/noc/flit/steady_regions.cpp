// SPDX-License-Identifier: MIT
// Freezing steady regions. A chip's packets are hundreds of flits long, and while their body
// flits stream, the routers they cross repeat the same few cycles (a flit moved, a credit
// awaited) over and over. Streams far apart do not interact, so each part of the mesh is
// watched on its own: routers and nodes that exchanged a flit or a credit form a component;
// at a restart each member's state is recorded (times relative, monotone counts apart), and
// when that state recurs P cycles later with no member added and no head or tail moved, every
// later period repeats it too until something from outside reaches the component or one of
// its sources would inject a tail. The component is then frozen: not stepped at all. When a
// flit or credit reaches it, or at that tail's cycle, it is thawed: times shift by the whole
// periods passed, counts grow by the periods times their growth in one period, and the cycles
// of the last partial period are stepped for it alone (it interacted with nothing else in them,
// by construction). Exact, as stepping is; docs/noc.md, "Skipping steady streams".
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "systemc_models/noc/flit/flit_network.h"

namespace imc::sim::flit {
namespace {

static_assert(std::is_trivially_copyable_v<RouterCounters> && sizeof(RouterCounters) % sizeof(uint64_t) == 0,
              "a router's counters are a block of uint64_t");
constexpr size_t kCounterWords = sizeof(RouterCounters) / sizeof(uint64_t);
/// A component in which a head or tail keeps moving is split this often (its parts that stopped
/// exchanging anything go their own way).
constexpr int64_t kResplitCycles = 64;
/// Cycles without a head or tail moving in a component before it is recorded again.
constexpr int64_t kQuietCycles = 16;
/// An awake router's asleep_since, in a state.
constexpr int64_t kAwake = std::numeric_limits<int64_t>::min();

/// Compares a state with a recorded one as it is generated (append_state's other sink).
struct StateMatch {
  const std::vector<int64_t>& expected;
  size_t at = 0;
  bool same = true;
  void push_back(int64_t v) {
    same = same && at < expected.size() && expected[at] == v;
    ++at;
  }
};

uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL + (h >> 31); }

}  // namespace

void FlitNetwork::update_freezing() {
  const bool on = m_freeze && !m_flit_ejected && !m_flit_injected;
  if (on == m_freezing) return;
  if (!on) {
    for (size_t g = 0; g < m_regions.size(); ++g)
      if (m_regions[g].live) thaw(static_cast<int>(g), m_cycle);
    reset_components();
  }
  m_freezing = on;
  if (on && m_parent.empty()) {
    const size_t slots = 2 * static_cast<size_t>(nodes());
    m_parent.assign(slots, -1);
    m_components.resize(slots);
    m_start_state.resize(slots);
    m_start_progress.resize(slots);
    m_region_of.assign(slots, -1);
    m_links_used.assign(slots, 0);
    m_slot_taint.assign(slots, std::numeric_limits<int64_t>::min() / 2);
    m_signatures.assign(slots, 0);
    m_spare_wheel.resize(m_wheel.size());
  }
  if (on) m_signature_stale.assign(2 * static_cast<size_t>(nodes()), 1);  // unwatched while off
}

void FlitNetwork::reset_components() {
  for (int root : m_roots)
    if (m_parent[static_cast<size_t>(root)] == root) {
      for (int s : m_components[static_cast<size_t>(root)].members)
        m_parent[static_cast<size_t>(s)] = -1, m_links_used[static_cast<size_t>(s)] = 0;
      m_components[static_cast<size_t>(root)].members.clear();
    }
  m_roots.clear();
}

void FlitNetwork::join(int slot) {
  if (m_region_of[static_cast<size_t>(slot)] >= 0) throw std::logic_error("a frozen router joined a component");
  m_parent[static_cast<size_t>(slot)] = slot;
  Component& c = m_components[static_cast<size_t>(slot)];
  c.members.clear();
  c.members.push_back(slot);
  c.start = m_cycle;
  c.dirty = true;
  c.tainted = c.hopeless = false;
  m_roots.push_back(slot);
}

int FlitNetwork::find(int slot) {
  while (m_parent[static_cast<size_t>(slot)] != slot) {
    int& up = m_parent[static_cast<size_t>(slot)];
    up = m_parent[static_cast<size_t>(up)];
    slot = up;
  }
  return slot;
}

void FlitNetwork::merge(int a, int b) {
  a = find(a), b = find(b);
  if (a == b) return;
  if (m_components[static_cast<size_t>(a)].members.size() < m_components[static_cast<size_t>(b)].members.size())
    std::swap(a, b);
  Component &into = m_components[static_cast<size_t>(a)], &from = m_components[static_cast<size_t>(b)];
  m_parent[static_cast<size_t>(b)] = a;
  into.members.insert(into.members.end(), from.members.begin(), from.members.end());
  from.members.clear();
  into.dirty = true;
  if (from.tainted) into.last_taint = into.tainted ? std::max(into.last_taint, from.last_taint) : from.last_taint;
  into.tainted = into.tainted || from.tainted;
}

void FlitNetwork::join_over_link(int from, int to, int link) {
  const int a = slot_of(from), b = slot_of(to);
  touch(a);
  touch(b);
  if (link == kLocalPort) {
    m_links_used[static_cast<size_t>(from >= 0 ? a : b)] |= 1 << kLocalPort;
  } else {
    m_links_used[static_cast<size_t>(a)] |= static_cast<uint8_t>(1 << link);
    m_links_used[static_cast<size_t>(b)] |= static_cast<uint8_t>(1 << facing(link));
  }
  merge(a, b);
}

void FlitNetwork::taint(int entry) {
  if (!m_freezing || m_replaying >= 0 || m_long_packets == 0) return;
  const int s = slot_of(entry);
  m_slot_taint[static_cast<size_t>(s)] = m_cycle;
  touch(s);
  Component& c = m_components[static_cast<size_t>(find(s))];
  c.tainted = true;
  c.last_taint = m_cycle;
}

void FlitNetwork::hold(const HeldInput& input) {
  if (m_replaying >= 0) throw std::logic_error("a thawing region reached outside itself");
  const int g = m_region_of[static_cast<size_t>(slot_of(input.entry))];
  m_held.push_back(input);
  Region& region = m_regions[static_cast<size_t>(g)];
  if (!region.reached) region.reached = true, m_reached.push_back(g);
}

template <class F>
void FlitNetwork::for_each_packet(int entry, F&& f) const {
  if (entry < 0) {
    const Node& node = m_nodes[static_cast<size_t>(-1 - entry)];
    for (size_t i = node.queue_head; i < node.queue.size(); ++i) f(node.queue[i]);
    for (size_t i = node.ejecting.head; i < node.ejecting.items.size(); ++i) f(node.ejecting.items[i].flit.packet);
    return;
  }
  const Router& R = m_routers[static_cast<size_t>(entry)];
  for (const InputVc& ivc : R.vc_storage)
    for (int i = 0; i < ivc.size; ++i) f(ivc.at(i).packet);
  for_each_arrival(
      entry, m_cycle, [&](int64_t, int, const Flit& flit) { f(flit.packet); }, [](int64_t, int, int) {});
}

void FlitNetwork::append_progress(int entry, std::vector<uint64_t>& out) const {
  if (entry < 0) {
    out.push_back(static_cast<uint64_t>(m_nodes[static_cast<size_t>(-1 - entry)].next_flit));
    return;
  }
  uint64_t words[kCounterWords];
  std::memcpy(words, &m_counters[static_cast<size_t>(entry)], sizeof words);
  out.insert(out.end(), words, words + kCounterWords);
}

template <class Out>
void FlitNetwork::append_state(int entry, int64_t at, Out& out) const {
  auto append = [&out](const auto& range, size_t from = 0) {
    for (size_t i = from; i < range.size(); ++i) out.push_back(static_cast<int64_t>(range[i]));
  };
  auto rel = [at](int64_t x) { return x == kNever ? kNever : x - at; };
  auto flit = [&](const Flit& f) {
    out.push_back(f.packet);
    out.push_back(int64_t{f.head} | int64_t{f.tail} << 1 | int64_t{f.vc} << 2);
  };
  auto downstream = [&](const DownstreamState& d) {
    append(d.occupancy);
    append(d.taken);
  };
  auto flits_on_the_way = [&](const Fifo<Timed>& q) {
    out.push_back(static_cast<int64_t>(q.items.size() - q.head));
    for (size_t i = q.head; i < q.items.size(); ++i) out.push_back(rel(q.items[i].at)), flit(q.items[i].flit);
  };
  auto credits_on_the_way = [&](const Fifo<TimedCredit>& q) {
    out.push_back(static_cast<int64_t>(q.items.size() - q.head));
    for (size_t i = q.head; i < q.items.size(); ++i) out.push_back(rel(q.items[i].at)), out.push_back(q.items[i].vc);
  };
  if (entry < 0) {
    const size_t n = static_cast<size_t>(-1 - entry);
    const Node& node = m_nodes[n];
    out.push_back(static_cast<int64_t>(node.queue.size() - node.queue_head));
    append(node.queue, node.queue_head);
    out.push_back(node.next_flit == 0);  // the next flit a head (its count is progress)
    out.push_back(node.vc);
    out.push_back(node.last_vc);
    downstream(node.inject);
    flits_on_the_way(node.ejecting);
    credits_on_the_way(node.credits);
    return;
  }
  const size_t r = static_cast<size_t>(entry);
  const Router& R = m_routers[r];
  out.push_back(R.asleep_since < 0 ? kAwake : R.asleep_since - at);
  out.push_back(R.stalled_vcs);
  out.push_back(R.buffered);
  for (size_t w = 0; w < busy_words(); ++w) out.push_back(static_cast<int64_t>(R.busy_bits[w]));
  append(R.sw_rr_offset);
  // Busy VCs only: an idle one is empty with no stage, port or time (send_front leaves it so),
  // and its va_result is set again before it is read (VC allocation's evaluation).
  for (size_t w = 0; w < busy_words(); ++w)
    for (uint64_t bits = R.busy_bits[w]; bits != 0; bits &= bits - 1) {
      const InputVc& ivc = R.vcs[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))];
      out.push_back(static_cast<int64_t>(ivc.state));
      out.push_back(ivc.size);
      out.push_back(ivc.out_port);
      out.push_back(ivc.out_vc);
      // A stage due in the past is due now, however long ago (a sleeping VC allocation's phase
      // is settled into its eval, settle_sleep).
      out.push_back(ivc.eval <= at ? -1 : rel(ivc.eval));
      out.push_back(rel(ivc.update));
      out.push_back(ivc.va_result);
      for (int i = 0; i < ivc.size; ++i) flit(ivc.at(i));
    }
  for (const DownstreamState& d : R.out) downstream(d);
  // What is on its way, in arrival order (the slots are a function of it).
  for_each_arrival(
      entry, at,
      [&](int64_t when, int port, const Flit& f) {
        out.push_back(rel(when) * 2 * kPorts + port);
        flit(f);
      },
      [&](int64_t when, int port, int vc) {
        out.push_back(rel(when) * 2 * kPorts + kPorts + port);
        out.push_back(vc);
      });
  m_allocator_state.clear();
  R.va->append_state(m_allocator_state);
  R.sw->append_state(m_allocator_state);
  append(m_allocator_state);
}

uint64_t FlitNetwork::signature_of(int entry) const {
  if (entry < 0) {
    const size_t n = static_cast<size_t>(-1 - entry);
    const Node& node = m_nodes[n];
    uint64_t h = mix(1, node.queue.size() - node.queue_head);
    h = mix(h, node.ejecting.items.size() - node.ejecting.head);
    h = mix(h, node.credits.items.size() - node.credits.head);
    for (int o : node.inject.occupancy) h = mix(h, static_cast<uint64_t>(o));
    return h;
  }
  const size_t r = static_cast<size_t>(entry);
  const Router& R = m_routers[r];
  uint64_t h = mix(2, static_cast<uint64_t>(R.buffered));
  for (size_t w = 0; w < busy_words(); ++w) h = mix(h, R.busy_bits[w]);
  // What is on its way, whenever it arrives (the digest must not change while nothing happens
  // to the router): the links it comes on and how many.
  uint64_t links = 0, items = 0;
  const uint16_t* slots = &m_arrivals[arrival_slot(entry, 0)];
  for (size_t d = 0; d <= m_slot_mask; ++d) links |= slots[d], items += slots[d];
  h = mix(mix(h, links), items);
  return mix(h, R.occupancy_digest);
}

void FlitNetwork::record(int root, const std::vector<int>& members, bool full) {
  Component& c = m_components[static_cast<size_t>(root)];
  c.members = members;
  c.start = m_cycle;
  c.dirty = c.tainted = c.hopeless = false;
  c.full = full;
  c.signature = 0;
  if (full && m_ejected_at_start.size() < m_packets.size()) m_ejected_at_start.resize(m_packets.size());
  for (int s : members) {
    const int e = entry_of(s);
    c.signature += cached_signature(s);
    if (!full) continue;
    if (e >= 0) settle_sleep(e, m_cycle);
    std::vector<int64_t>& state = m_start_state[static_cast<size_t>(s)];
    state.clear();
    append_state(e, m_cycle, state);
    std::vector<uint64_t>& prog = m_start_progress[static_cast<size_t>(s)];
    prog.clear();
    append_progress(e, prog);
    for_each_packet(e, [&](int id) {
      m_ejected_at_start[static_cast<size_t>(id)] = m_packets[static_cast<size_t>(id)].flits_ejected;
    });
  }
}

void FlitNetwork::restart(int root, std::vector<int>& roots, bool split) {
  std::vector<int> members;
  members.swap(m_components[static_cast<size_t>(root)].members);
  if (!split) {  // the same members, recorded again
    record(root, members, false);
    roots.push_back(root);
    return;
  }
  // Members with nothing to do (asleep, nothing on its way to them) leave: they change only when
  // something reaches them, and then they join again.
  constexpr int kUnassigned = -2;
  std::vector<int>& kept = m_kept;
  kept.clear();
  for (int s : members) {
    m_parent[static_cast<size_t>(s)] = -1;
    const int e = entry_of(s);
    const bool busy =
        e >= 0 ? m_router_active[static_cast<size_t>(e)] || m_routers[static_cast<size_t>(e)].wake_at != kNever
               : m_node_active[static_cast<size_t>(-1 - e)] || m_nodes[static_cast<size_t>(-1 - e)].wake_at != kNever;
    if (busy) m_parent[static_cast<size_t>(s)] = kUnassigned, kept.push_back(s);
  }
  // The rest splits into the pieces that exchanged something since the last split.
  const int n_nodes = nodes();
  std::vector<int>& linked = m_linked;
  auto links_of = [&](int s) {
    linked.clear();
    if (s >= n_nodes) {
      if (m_links_used[static_cast<size_t>(s - n_nodes)] & (1 << kLocalPort)) linked.push_back(s - n_nodes);
      return;
    }
    const uint8_t used = m_links_used[static_cast<size_t>(s)];
    if (used & (1 << kLocalPort)) linked.push_back(s + n_nodes);
    for (int port = 0; port < kLocalPort; ++port) {
      const int next = neighbour(s, port);
      if (next >= 0 && ((used >> port & 1) || (m_links_used[static_cast<size_t>(next)] >> facing(port) & 1)))
        linked.push_back(next);
    }
  };
  std::vector<int>& piece = m_piece;
  for (int first : kept) {
    if (m_parent[static_cast<size_t>(first)] != kUnassigned) continue;
    piece.clear();
    piece.push_back(first);
    m_parent[static_cast<size_t>(first)] = first;
    for (size_t k = 0; k < piece.size(); ++k) {
      links_of(piece[k]);
      for (int next : linked)
        if (m_parent[static_cast<size_t>(next)] == kUnassigned)
          m_parent[static_cast<size_t>(next)] = first, piece.push_back(next);
    }
    // A piece a head or tail moved in lately waits (tainted); the others are recorded.
    int64_t last_taint = std::numeric_limits<int64_t>::min();
    for (int s : piece) last_taint = std::max(last_taint, m_slot_taint[static_cast<size_t>(s)]);
    if (m_cycle - last_taint < kQuietCycles) {
      Component& c = m_components[static_cast<size_t>(first)];
      c.members = piece;
      c.start = m_cycle;
      c.dirty = c.hopeless = false;
      c.tainted = true;
      c.last_taint = last_taint;
    } else {
      record(first, piece, false);
    }
    roots.push_back(first);
  }
  for (int s : members) m_links_used[static_cast<size_t>(s)] = 0;
}

void FlitNetwork::check_components() {
  m_next_roots.clear();
  for (size_t i = 0; i < m_roots.size(); ++i) {
    const int root = m_roots[i];
    if (m_parent[static_cast<size_t>(root)] != root) continue;  // merged into another, or left
    Component& c = m_components[static_cast<size_t>(root)];
    if (c.tainted) {
      // Quiet again, or time to split off the parts that stopped interacting with the rest.
      if (m_cycle - c.last_taint >= kQuietCycles || m_cycle - c.start > kResplitCycles)
        restart(root, m_next_roots, true);
      else
        m_next_roots.push_back(root);
      continue;
    }
    if (m_cycle - c.start > m_max_period) {
      restart(root, m_next_roots, true);
      continue;
    }
    if (c.dirty) {
      restart(root, m_next_roots, false);
      continue;
    }
    if (c.hopeless) {
      m_next_roots.push_back(root);
      continue;
    }
    // Does today's state repeat the start's? A cheap digest first (it reads nothing a sleeping
    // router settles).
    uint64_t signature = 0;
    for (int s : c.members) signature += cached_signature(s);
    bool repeats = signature == c.signature;
    if (repeats && !c.full) {  // likely a period: record the whole state now, and look for it again
      record(root, c.members, true);
      m_next_roots.push_back(root);
      continue;
    }
    for (size_t k = 0; repeats && k < c.members.size(); ++k) {
      const int s = c.members[k], e = entry_of(s);
      if (e >= 0) settle_sleep(e, m_cycle);  // sleeping routers count alike at both ends
      StateMatch match{m_start_state[static_cast<size_t>(s)]};
      append_state(e, m_cycle, match);
      repeats = match.same && match.at == match.expected.size();
    }
    if (!repeats) {
      m_next_roots.push_back(root);
    } else if (!freeze(root)) {  // it repeats, but nothing streams through it: look again later
      c.hopeless = true;
      m_next_roots.push_back(root);
    }
  }
  m_roots.swap(m_next_roots);
}

bool FlitNetwork::freeze(int root) {
  Component& c = m_components[static_cast<size_t>(root)];
  const int64_t period = m_cycle - c.start;
  // Whole periods until a source would send its tail; a component without a streaming source
  // has nothing to gain.
  int64_t max_periods = kNever;
  for (int s : c.members) {
    const int e = entry_of(s);
    if (e >= 0) continue;
    const Node& node = m_nodes[static_cast<size_t>(-1 - e)];
    const int64_t sent = node.next_flit - static_cast<int64_t>(m_start_progress[static_cast<size_t>(s)][0]);
    if (sent <= 0 || node.queue_head == node.queue.size()) continue;
    const int flits = m_packets[static_cast<size_t>(node.queue[node.queue_head])].flits;
    max_periods = std::min(max_periods, (flits - 1 - node.next_flit) / sent);
  }
  if (max_periods == kNever || max_periods < 1) return false;
  const int id = take_id(m_regions, m_free_regions);
  Region& g = m_regions[static_cast<size_t>(id)];
  g.members.swap(c.members);
  c.members.clear();
  g.awake.clear();
  g.growth.clear();
  g.packet_growth.clear();
  g.since = m_cycle;
  g.period = period;
  g.max_periods = max_periods;
  g.live = true;
  g.reached = false;
  std::vector<uint64_t> progress;
  for (int s : g.members) {
    const int e = entry_of(s);
    m_parent[static_cast<size_t>(s)] = -1;
    m_links_used[static_cast<size_t>(s)] = 0;
    m_region_of[static_cast<size_t>(s)] = id;
    progress.clear();
    append_progress(e, progress);
    const std::vector<uint64_t>& before = m_start_progress[static_cast<size_t>(s)];
    for (size_t w = 0; w < progress.size(); ++w) g.growth.push_back(progress[w] - before[w]);
    for_each_packet(e, [&](int packet) {
      const int grown =
          m_packets[static_cast<size_t>(packet)].flits_ejected - m_ejected_at_start[static_cast<size_t>(packet)];
      if (grown == 0) return;
      for (const auto& pg : g.packet_growth)
        if (pg.first == packet) return;
      g.packet_growth.emplace_back(packet, grown);
    });
    if (e >= 0) {
      g.awake.push_back(m_router_active[static_cast<size_t>(e)]);
      m_router_active[static_cast<size_t>(e)] = 0;
      m_routers[static_cast<size_t>(e)].wake_at = kNever;
    } else {
      g.awake.push_back(m_node_active[static_cast<size_t>(-1 - e)]);
      m_node_active[static_cast<size_t>(-1 - e)] = 0;
      m_nodes[static_cast<size_t>(-1 - e)].wake_at = kNever;
    }
  }
  // Frozen members are neither stepped nor woken.
  auto frozen = [&](int entry) { return m_region_of[static_cast<size_t>(slot_of(entry))] == id; };
  auto drop = [&](std::vector<int>& list, auto&& is_frozen) {
    list.erase(std::remove_if(list.begin(), list.end(), is_frozen), list.end());
  };
  drop(m_active_routers, [&](int r) { return frozen(r); });
  drop(m_active_nodes, [&](int n) { return frozen(-1 - n); });
  for (std::vector<int>& slot : m_wheel) {
    const size_t before = slot.size();
    drop(slot, frozen);
    m_wakeups -= static_cast<int64_t>(before - slot.size());
  }
  m_expiries.push({g.thaw_by(), id});
  ++m_live_regions;
  return true;
}

void FlitNetwork::jump(const Region& g, int64_t periods) {
  const int64_t shift = periods * g.period;
  auto later = [shift](int64_t& at) {
    if (at != kNever) at += shift;
  };
  auto shift_flits = [&](auto& q) {
    for (size_t i = q.head; i < q.items.size(); ++i) {
      q.items[i].at += shift;
      if constexpr (std::is_same_v<std::decay_t<decltype(q)>, Fifo<Timed>>) q.items[i].flit.injected += shift;
    }
  };
  const uint64_t times = static_cast<uint64_t>(periods);
  size_t grow = 0;
  for (int s : g.members) {
    const int e = entry_of(s);
    if (e < 0) {
      Node& node = m_nodes[static_cast<size_t>(-1 - e)];
      node.next_flit += static_cast<int>(times * g.growth[grow++]);
      shift_flits(node.ejecting);
      shift_flits(node.credits);
      continue;
    }
    uint64_t words[kCounterWords];
    RouterCounters& count = m_counters[static_cast<size_t>(e)];
    std::memcpy(words, &count, sizeof words);
    for (size_t w = 0; w < kCounterWords; ++w) words[w] += times * g.growth[grow + w];
    std::memcpy(&count, words, sizeof words);
    grow += kCounterWords;
    Router& R = m_routers[static_cast<size_t>(e)];
    for (InputVc& ivc : R.vc_storage) {
      later(ivc.eval);
      later(ivc.update);
      for (int i = 0; i < ivc.size; ++i) ivc.at(i).injected += shift;
    }
    shift_arrivals(e, shift);
    if (R.asleep_since >= 0) R.asleep_since += shift;
  }
  for (const auto& [packet, grown] : g.packet_growth)
    m_packets[static_cast<size_t>(packet)].flits_ejected += static_cast<int>(periods) * grown;
}

void FlitNetwork::shift_arrivals(int router, int64_t shift) {
  const size_t slots = m_slot_mask + 1, first = arrival_slot(router, 0);
  const size_t by = static_cast<size_t>(shift) & m_slot_mask;
  for (size_t s = first; s < first + slots; ++s)
    for (uint32_t bits = m_arrivals[s] & ((1u << kPorts) - 1); bits != 0; bits &= bits - 1)
      m_arrival_flits[s * kPorts + static_cast<size_t>(__builtin_ctz(bits))].injected += shift;
  if (by == 0) return;
  auto rotate = [&](auto& v, size_t per_slot) {
    std::rotate(v.begin() + static_cast<std::ptrdiff_t>(first * per_slot),
                v.begin() + static_cast<std::ptrdiff_t>((first + slots - by) * per_slot),
                v.begin() + static_cast<std::ptrdiff_t>((first + slots) * per_slot));
  };
  rotate(m_arrivals, 1);
  rotate(m_arrival_flits, kPorts);
  rotate(m_arrival_credits, kPorts);
}

void FlitNetwork::thaw(int id, int64_t upto) {
  Region& g = m_regions[static_cast<size_t>(id)];
  const int64_t elapsed = upto - g.since, periods = elapsed / g.period, rest = elapsed % g.period;
  if (elapsed < 0 || periods > g.max_periods) throw std::logic_error("a frozen region thawed past its bound");
  jump(g, periods);
  int routers = 0;
  for (int s : g.members) routers += s < nodes();
  m_frozen_router_cycles += routers * periods * g.period;
  // Replay the partial period with this region alone: the wheel and active lists set aside.
  const int64_t now = m_cycle;
  const int64_t wakeups = m_wakeups;
  m_wheel.swap(m_spare_wheel);
  m_wakeups = 0;
  std::vector<int> active_routers, active_nodes;
  active_routers.swap(m_active_routers);
  active_nodes.swap(m_active_nodes);
  m_cycle = g.since + periods * g.period;
  for (size_t k = 0; k < g.members.size(); ++k) {
    const int e = entry_of(g.members[k]);
    int64_t* wake_at;
    int64_t next;
    if (e >= 0) {
      if (g.awake[k]) {
        activate_router(e);
        continue;
      }
      wake_at = &m_routers[static_cast<size_t>(e)].wake_at;
      next = next_arrival_from(e, m_cycle);
    } else {
      if (g.awake[k]) {
        activate_node(-1 - e);
        continue;
      }
      wake_at = &m_nodes[static_cast<size_t>(-1 - e)].wake_at;
      next = next_arrival(m_nodes[static_cast<size_t>(-1 - e)]);
    }
    *wake_at = next;  // an arrival may be due this very cycle: no schedule() check
    if (next != kNever) wheel_insert(e, next);
  }
  m_replaying = id;
  for (int64_t c = 0; c < rest; ++c) {
    step_active();
    ++m_cycle;
  }
  m_replaying = -1;
  m_cycle = now;
  m_wheel.swap(m_spare_wheel);
  for (size_t slot = 0; slot < m_wheel.size(); ++slot) {
    std::vector<int>& replayed = m_spare_wheel[slot];
    m_wheel[slot].insert(m_wheel[slot].end(), replayed.begin(), replayed.end());
    replayed.clear();
  }
  m_wakeups += wakeups;
  m_active_routers.insert(m_active_routers.end(), active_routers.begin(), active_routers.end());
  m_active_nodes.insert(m_active_nodes.end(), active_nodes.begin(), active_nodes.end());
  for (int s : g.members) m_region_of[static_cast<size_t>(s)] = -1;
  g.live = false;
  g.members.clear();
  --m_live_regions;
  m_free_regions.push_back(id);
}

void FlitNetwork::thaw_expired() {
  while (!m_expiries.empty() && m_expiries.top().first <= m_cycle) {
    const auto [at, id] = m_expiries.top();
    m_expiries.pop();
    const Region& g = m_regions[static_cast<size_t>(id)];
    if (g.live && g.thaw_by() == at) thaw(id, m_cycle);
  }
}

void FlitNetwork::thaw_reached() {
  if (m_reached.empty()) return;
  for (int id : m_reached) {
    m_regions[static_cast<size_t>(id)].reached = false;
    if (m_regions[static_cast<size_t>(id)].live) thaw(id, m_cycle + 1);  // to the end of this cycle
  }
  m_reached.clear();
  std::vector<HeldInput> held;
  held.swap(m_held);
  for (const HeldInput& h : held)
    h.is_credit ? push(h.from, h.entry, h.port, h.credit) : push(h.from, h.entry, h.port, h.flit);
}

int64_t FlitNetwork::next_due_cycle() {
  if (!m_active_routers.empty() || !m_active_nodes.empty()) return m_cycle;
  while (!m_expiries.empty()) {  // stale entries: regions thawed early
    const auto [at, id] = m_expiries.top();
    const Region& g = m_regions[static_cast<size_t>(id)];
    if (g.live && g.thaw_by() == at) break;
    m_expiries.pop();
  }
  int64_t due = m_expiries.empty() ? kNever : m_expiries.top().first;
  if (m_wakeups > 0)
    for (size_t j = 0; j < m_wheel.size(); ++j)
      if (!m_wheel[static_cast<size_t>(m_cycle + static_cast<int64_t>(j)) & (m_wheel.size() - 1)].empty()) {
        due = std::min(due, m_cycle + static_cast<int64_t>(j));
        break;
      }
  return due;
}

int64_t FlitNetwork::skip_idle_cycles(int64_t limit) {
  const int64_t due = next_due_cycle();
  if (due == kNever) return 0;  // quiescent: the clock sleeps until a packet is sent (skip_to)
  const int64_t to = std::min(due, limit);
  if (to <= m_cycle) return 0;
  const int64_t skipped = to - m_cycle;
  m_cycle = to;
  return skipped;
}

}  // namespace imc::sim::flit
