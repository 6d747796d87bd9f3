// SPDX-License-Identifier: MIT
#include "systemc_models/noc/flit/flit_network.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace imc::sim::flit {
namespace {

/// BookSim's mesh port of a link direction (the inverse of port_direction).
int port_of(LinkDirection d) {
  for (int port = 0; port < kLocalPort; ++port)
    if (port_direction(port) == d) return port;
  return kLocalPort;
}

}  // namespace

void FlitNetwork::build_router(int r) {
  Router& R = m_routers[static_cast<size_t>(r)];
  const int v = m_p.vcs;
  R.sw = (*m_make_sw)(kPorts, kPorts);
  R.va = (*m_make_va)(kPorts * v, kPorts * v);
  R.vc_storage.resize(static_cast<size_t>(kPorts * v));
  for (size_t i = 0; i < R.vc_storage.size(); ++i) {
    InputVc& ivc = R.vc_storage[i];
    ivc.ring.resize(static_cast<size_t>(m_p.vc_buffer_flits));
    ivc.in_port = static_cast<uint8_t>(i / static_cast<size_t>(v));
    ivc.in_vc = static_cast<uint8_t>(i % static_cast<size_t>(v));
  }
  R.vcs = R.vc_storage.data();
  R.out_storage.attach(R.out, kPorts, v);
}

FlitNetwork::FlitNetwork(int rows, int cols, const config::FlitRouterConfig& router, const RoutingFunction& routing)
    : m_rows(rows),
      m_cols(cols),
      m_node_count(rows * cols),
      m_p(router),
      m_busy_words(static_cast<size_t>((kPorts * router.vcs + 63) / 64)),
      m_routing(&routing),
      m_make_va(&allocator_registry().at(router.vc_allocator)),
      m_make_sw(&allocator_registry().at(router.sw_allocator)),
      m_max_period(std::clamp<int64_t>(2 * (router.st_delay_cycles + router.sw_alloc_delay_cycles +
                                            2 * (router.link_latency_cycles + 1) + router.credit_delay_cycles),
                                       16, 64)) {
  if (rows < 1 || cols < 1) throw std::invalid_argument("a flit mesh needs at least one router");
  if (m_p.vcs < 1 || m_p.vcs > config::FlitRouterConfig::kMaxVcs)
    throw std::invalid_argument("noc.vcs = " + std::to_string(m_p.vcs) + ": a router takes 1 to " +
                                std::to_string(config::FlitRouterConfig::kMaxVcs) + " VCs per port");
  const int v = m_p.vcs;
  m_routers.resize(static_cast<size_t>(nodes()));  // each built as its first flit reaches it
  m_nodes.resize(static_cast<size_t>(nodes()));
  for (Node& n : m_nodes) n.inject_storage.attach(&n.inject, 1, v);
  m_counters.resize(static_cast<size_t>(nodes()));
  m_node_active.assign(static_cast<size_t>(nodes()), 0);
  m_router_active.assign(static_cast<size_t>(nodes()), 0);
  m_port_step = {1, -1, cols, -cols};
  m_neighbours.resize(static_cast<size_t>(nodes()));
  for (int r = 0; r < nodes(); ++r)
    for (int port = 0; port < kLocalPort; ++port) m_neighbours[static_cast<size_t>(r)][port] = mesh_neighbour(r, port);
  // The farthest ahead anything is scheduled: a flit (switch traversal, link, buffer write) or a
  // credit (link, credit delay, counter update).
  const int furthest = std::max({m_p.st_delay_cycles + m_p.link_latency_cycles + 1,
                                 m_p.link_latency_cycles + 1 + m_p.credit_delay_cycles,
                                 kLocalChannelCycles + 1 + m_p.credit_delay_cycles});
  size_t slots = 1;
  while (slots <= static_cast<size_t>(furthest)) slots *= 2;
  m_wheel.resize(slots);
  m_arrivals.assign(static_cast<size_t>(nodes()) * slots, 0);
  m_arrival_flits.resize(m_arrivals.size() * kPorts);
  m_arrival_credits.assign(m_arrivals.size() * kPorts, 0);
  m_slot_mask = slots - 1;
  while (size_t{1} << m_slot_bits < slots) ++m_slot_bits;
}

void FlitNetwork::schedule(int entry, int64_t at) {
  if (at <= m_cycle || at - m_cycle >= static_cast<int64_t>(m_wheel.size()))
    throw std::logic_error("a wake-up outside the wheel");
  m_wheel[static_cast<size_t>(at) & (m_wheel.size() - 1)].push_back(entry);
  ++m_wakeups;
}

int FlitNetwork::enqueue(int src, int dst, int flits, int64_t created, uint64_t tag) {
  if (src < 0 || src >= nodes() || dst < 0 || dst >= nodes())
    throw std::invalid_argument("packet from node " + std::to_string(src) + " to " + std::to_string(dst) +
                                " on a mesh of " + std::to_string(nodes()) + " nodes");
  if (flits < 1) throw std::invalid_argument("a packet has at least one flit");
  if (m_freezing) {
    const int region = m_region_of[static_cast<size_t>(slot_of(-1 - src))];
    if (region >= 0) thaw(region, m_cycle);  // its queue changes now
  }
  const int id = take_id(m_packets, m_free_ids);
  PacketRecord& p = m_packets[static_cast<size_t>(id)];
  p.route.clear();  // keeps its capacity
  std::string route = std::move(p.route);
  p = PacketRecord{};
  p.route = std::move(route);
  p.src = src, p.dst = dst, p.flits = flits, p.created = created, p.tag = tag;
  m_nodes[static_cast<size_t>(src)].queue.push_back(id);
  if (m_freezing) state_changed(slot_of(-1 - src));
  activate_node(src);
  if (flits >= kLongPacketFlits) ++m_long_packets;
  taint(-1 - src);
  ++m_packets_in_flight;
  return id;
}

void FlitNetwork::release(int packet) {
  // With no long packet left, components stop being tracked; what they knew goes stale.
  if (m_packets[static_cast<size_t>(packet)].flits >= kLongPacketFlits && --m_long_packets == 0 && m_freezing)
    reset_components();
  m_free_ids.push_back(packet);
  --m_packets_in_flight;
}

void FlitNetwork::for_each_in_flight(const std::function<void(const PacketRecord&)>& f) const {
  std::vector<char> is_free(m_packets.size(), 0);
  for (int id : m_free_ids) is_free[static_cast<size_t>(id)] = 1;
  for (size_t i = 0; i < m_packets.size(); ++i)
    if (!is_free[i]) f(m_packets[i]);
}

int FlitNetwork::mesh_neighbour(int router, int port) const {
  const int row = router / m_cols, col = router % m_cols;
  switch (port) {
    case 0:
      return col + 1 < m_cols ? router + 1 : -1;
    case 1:
      return col > 0 ? router - 1 : -1;
    case 2:
      return row + 1 < m_rows ? router + m_cols : -1;
    case 3:
      return row > 0 ? router - m_cols : -1;
  }
  return -1;
}

int FlitNetwork::output_port(int router, int dst) const {
  if (router == dst) return kLocalPort;
  m_routing->next_hops({router / m_cols, router % m_cols}, {dst / m_cols, dst % m_cols}, m_route);
  // Checked here, once a packet and hop, so that a flit's hop needs no table (next_router).
  for (LinkDirection d : m_route)
    if (port_of(d) == kLocalPort || neighbour(router, port_of(d)) < 0)
      throw std::logic_error("the routing function sent a packet off the mesh edge");
  if (m_route.size() == 1) return port_of(m_route.front());
  // Adaptive: the output with the most free buffer space in the VCs no packet holds downstream;
  // the function's order breaks ties.
  const Router& R = m_routers[static_cast<size_t>(router)];
  int best = -1, best_free = -1;
  for (LinkDirection d : m_route) {
    const int port = port_of(d);
    const DownstreamState& ds = R.out[port];
    int free = 0;
    for (size_t v = 0; v < ds.occupancy.size(); ++v)
      if (!ds.taken[v]) free += m_p.vc_buffer_flits - ds.occupancy[v];
    if (free > best_free) best = port, best_free = free;
  }
  return best;
}

void FlitNetwork::skip_to(int64_t cycle) {
  if (!quiescent()) throw std::logic_error("skip_to on a network with work in flight");
  if (cycle > m_cycle) m_cycle = cycle;
  reset_components();
}

void FlitNetwork::step() {
  if (m_freezing) thaw_expired();
  step_active();
  if (m_freezing) thaw_reached();
  ++m_cycle;
  if (m_freezing && m_long_packets > 0) check_components();
}

void FlitNetwork::step_active() {
  std::vector<int>& due = m_wheel[static_cast<size_t>(m_cycle) & (m_wheel.size() - 1)];
  for (int entry : due) entry >= 0 ? activate_router(entry) : activate_node(-1 - entry);
  m_wakeups -= static_cast<int64_t>(due.size());
  due.clear();
  // Whatever one node or router sends another arrives in a later cycle, so stepping only the
  // active ones gives the same cycle as stepping all of them, in any order. Nodes step in index
  // order, as their deliveries reach the caller's callbacks in that order; routers in the order
  // they were activated (deterministic too, and sorting them cost 2 % of a run).
  m_stepping.swap(m_active_nodes);
  m_active_nodes.clear();
  if (!std::is_sorted(m_stepping.begin(), m_stepping.end())) std::sort(m_stepping.begin(), m_stepping.end());
  for (int n : m_stepping) {
    m_node_active[static_cast<size_t>(n)] = 0;
    step_node(n);
    Node& node = m_nodes[static_cast<size_t>(n)];
    if (node_can_inject(node) ||
        (m_keep_awake && (!node.ejecting.empty() || !node.credits.empty() || node.queue_head != node.queue.size())))
      activate_node(n);
    else  // what arrives wakes it (the wheel)
      sleep_until_arrival(node.wake_at, -1 - n, next_arrival(node));
  }
  m_stepping.swap(m_active_routers);
  m_active_routers.clear();
  for (int r : m_stepping) {
    m_router_active[static_cast<size_t>(r)] = 0;
    const bool acts = step_router(r);
    Router& R = m_routers[static_cast<size_t>(r)];
    if (acts || (m_keep_awake && holds_anything(r))) {
      activate_router(r);
      continue;
    }
    // What arrives wakes it (the wheel); what arrives next cycle finds it awake (a streaming
    // router's flits come in runs, and waking is dearer than staying up).
    if (arrivals_at(r, m_cycle + 1) != 0) {
      activate_router(r);
    } else {
      R.asleep_since = m_cycle + 1;
      R.stalled_vcs = R.stalled_vcs_now;  // a credit unstalls a VC only when it steps
      sleep_until_arrival(R.wake_at, r, next_arrival_from(r, m_cycle + 2));
    }
  }
}

bool FlitNetwork::holds_anything(int r) const {
  const Router& R = m_routers[static_cast<size_t>(r)];
  if (R.buffered > 0) return true;
  for (size_t w = 0; w < busy_words(); ++w)
    if (R.busy_bits[w] != 0) return true;
  const uint16_t* slots = &m_arrivals[arrival_slot(r, 0)];
  return std::any_of(slots, slots + m_slot_mask + 1, [](uint16_t mask) { return mask != 0; });
}

[[gnu::always_inline]] inline void FlitNetwork::wake(int r) {
  settle_sleep(r, m_cycle);
  Router& R = m_routers[static_cast<size_t>(r)];
  R.asleep_since = -1;
  R.wake_at = kNever;
}

void FlitNetwork::settle_allocations(Router& R, int64_t at) {
  const int64_t d = m_p.vc_alloc_delay_cycles;
  for (size_t w = 0; w < busy_words(); ++w)
    for (uint64_t bits = R.busy_bits[w]; bits != 0; bits &= bits - 1) {
      InputVc& ivc = R.vcs[w * 64 + static_cast<size_t>(__builtin_ctzll(bits))];
      if (ivc.state == VcState::VcAlloc && ivc.eval < at) ivc.eval += (at - ivc.eval + d - 1) / d * d;
    }
}

bool FlitNetwork::node_can_inject(const Node& node) const {
  if (node.queue_head == node.queue.size()) return false;
  if (node.vc >= 0) return node.inject.occupancy[static_cast<size_t>(node.vc)] < m_p.vc_buffer_flits;
  for (int vc = 0; vc < m_p.vcs; ++vc)
    if (!node.inject.taken[static_cast<size_t>(vc)] &&
        node.inject.occupancy[static_cast<size_t>(vc)] < m_p.vc_buffer_flits)
      return true;
  return false;
}

void FlitNetwork::sleep_until_arrival(int64_t& wake_at, int entry, int64_t next) {
  if (next == kNever) return;
  wake_at = next;
  schedule(entry, next);
}

void FlitNetwork::step_node(int n) {
  Node& node = m_nodes[static_cast<size_t>(n)];
  node.wake_at = kNever;
  if (m_freezing) state_changed(nodes() + n);
  const int64_t t = m_cycle;
  // Ejection: the node takes every flit at once and returns its credit.
  while (node.ejecting.ready(t)) {
    const Flit f = node.ejecting.pop().flit;
    PacketRecord& p = m_packets[static_cast<size_t>(f.packet)];
    if (f.head) p.first_flit_delivered = t;
    if (f.head || f.tail) taint(-1 - n);
    ++p.flits_ejected;
    if (m_flit_ejected) m_flit_ejected(p, f.tail, f.injected);
    const int64_t credited = t + kLocalChannelCycles + 1 + m_p.credit_delay_cycles;
    push_to<TimedCredit, false>(-1 - n, n, kLocalPort, TimedCredit{credited, f.vc});
    if (f.tail) {
      p.delivered = t;
      if (m_delivered) m_delivered(p);
      release(f.packet);
    }
  }
  while (node.credits.ready(t)) --node.inject.occupancy[static_cast<size_t>(node.credits.pop().vc)];
  if (node.queue_head == node.queue.size()) return;
  // Injection: one flit a cycle, the front packet's next; a head takes a free VC round-robin.
  const int id = node.queue[node.queue_head];
  PacketRecord& p = m_packets[static_cast<size_t>(id)];
  const bool head = node.next_flit == 0, tail = node.next_flit + 1 == p.flits;
  const int vcs = m_p.vcs;
  if (head && node.vc < 0) {
    for (int i = 1; i <= vcs; ++i) {
      const int vc = node.last_vc < 0 ? 0 : (node.last_vc + i) % vcs;
      if (!node.inject.taken[static_cast<size_t>(vc)] &&
          node.inject.occupancy[static_cast<size_t>(vc)] < m_p.vc_buffer_flits) {
        node.vc = vc;
        break;
      }
    }
    if (node.vc < 0) return;
  }
  if (node.inject.occupancy[static_cast<size_t>(node.vc)] >= m_p.vc_buffer_flits) return;
  if (head || tail) taint(-1 - n);
  if (head) {
    node.inject.taken[static_cast<size_t>(node.vc)] = 1;
    node.last_vc = node.vc;
    p.injected = t;
  }
  ++node.inject.occupancy[static_cast<size_t>(node.vc)];
  Flit f;
  f.packet = id, f.head = head, f.tail = tail, f.vc = static_cast<int16_t>(node.vc), f.injected = t;
  push_to<Timed, false>(-1 - n, n, kLocalPort, Timed{t + kLocalChannelCycles + 1, f});
  if (m_flit_injected) m_flit_injected(p);
  if (tail) {
    node.inject.taken[static_cast<size_t>(node.vc)] = 0;
    node.vc = -1;
    node.next_flit = 0;
    if (++node.queue_head == node.queue.size()) node.queue.clear(), node.queue_head = 0;
  } else {
    ++node.next_flit;
  }
}

template <class Item, bool kToNode>
[[gnu::always_inline]] inline void FlitNetwork::push_to(int from, int entry, int port, const Item& item) {
  if (m_freezing) {
    const size_t slot = static_cast<size_t>(slot_of_kind<kToNode>(entry));
    if (m_region_of[slot] != m_replaying) {  // frozen (or a replay reached out)
      HeldInput input{from, entry, port, std::is_same_v<Item, TimedCredit>, {}, {}};
      if constexpr (std::is_same_v<Item, Timed>)
        input.flit = item;
      else
        input.credit = item;
      return hold(input);
    }
    interact(from, entry, port == kLocalPort ? kLocalPort : facing(port));
    state_changed(static_cast<int>(slot));
  }
  if constexpr (kToNode) {
    Node& node = m_nodes[static_cast<size_t>(-1 - entry)];
    inbox(node, item).push(item);
    schedule_node(-1 - entry, item.at);
  } else {
    if constexpr (std::is_same_v<Item, Timed>)  // a credit comes back to a router that sent a flit
      if (m_routers[static_cast<size_t>(entry)].vcs == nullptr) build_router(entry);
    const size_t s = arrival_slot(entry, item.at);
    const int b = std::is_same_v<Item, TimedCredit> ? kPorts + port : port;
    if (m_arrivals[s] >> b & 1) throw std::logic_error("two flits or credits on one link in one cycle");
    m_arrivals[s] |= static_cast<uint16_t>(1u << b);
    if constexpr (std::is_same_v<Item, Timed>)
      m_arrival_flits[s * kPorts + static_cast<size_t>(port)] = item.flit;
    else
      m_arrival_credits[s * kPorts + static_cast<size_t>(port)] = static_cast<uint8_t>(item.vc);
    schedule_router(entry, item.at);
  }
}

template <class Item>
void FlitNetwork::push(int from, int entry, int port, const Item& item) {
  entry < 0 ? push_to<Item, true>(from, entry, port, item) : push_to<Item, false>(from, entry, port, item);
}
template void FlitNetwork::push(int, int, int, const Timed&);
template void FlitNetwork::push(int, int, int, const TimedCredit&);

[[gnu::always_inline]] inline void FlitNetwork::deliver(int router, int port, const Flit& f, int64_t leaves) {
  const int64_t arrives = leaves + channel_cycles(port) + 1;
  if (port == kLocalPort) return push_to<Timed, true>(router, -1 - router, kLocalPort, Timed{arrives, f});
  push_to<Timed, false>(router, next_router(router, port), facing(port), Timed{arrives, f});
}

[[gnu::always_inline]] inline void FlitNetwork::credit_upstream(int router, int port, int vc, int64_t sent) {
  const int64_t at = sent + channel_cycles(port) + 1;
  if (port == kLocalPort) return push_to<TimedCredit, true>(router, -1 - router, kLocalPort, TimedCredit{at, vc});
  push_to<TimedCredit, false>(router, next_router(router, port), facing(port),
                              TimedCredit{at + m_p.credit_delay_cycles, vc});
}

[[gnu::always_inline]] inline void FlitNetwork::send_front(int r, Router& R, RouterCounters& count, int i, int64_t t) {
  const int V = m_p.vcs;
  InputVc& ivc = R.vcs[static_cast<size_t>(i)];
  ivc.update = kNever;
  Flit f = ivc.front();
  ivc.first = ivc.first + 1 == m_p.vc_buffer_flits ? 0 : ivc.first + 1;
  --ivc.size;
  --R.buffered;
  ++count.actions.buffer_reads;
  ++count.actions.crossbar_traversals;
  DownstreamState& d = R.out[ivc.out_port];
  ++d.occupancy[static_cast<size_t>(ivc.out_vc)];
  R.occupancy_digest += occupancy_key(ivc.out_port * V + ivc.out_vc);
  if (f.tail) d.taken[static_cast<size_t>(ivc.out_vc)] = 0, d.holder[static_cast<size_t>(ivc.out_vc)] = -1;
  f.vc = static_cast<int16_t>(ivc.out_vc);
  if (f.head || f.tail) taint(r);
  // Hops are a packet's: its head counts the routers, as BookSim samples them per packet.
  if (f.head) {
    PacketRecord& p = m_packets[static_cast<size_t>(f.packet)];
    ++p.hops;
    ++count.packets_per_output[ivc.out_port];
    if (m_record_routes && ivc.out_port != kLocalPort) p.route += direction_letter(port_direction(ivc.out_port));
  }
  ++count.flits_per_output[ivc.out_port];
  if (ivc.out_port != kLocalPort) ++count.actions.link_traversals;
  deliver(r, ivc.out_port, f, t + m_p.st_delay_cycles);
  credit_upstream(r, ivc.in_port, ivc.in_vc, t);
  if (f.tail) {
    ivc.out_port = ivc.out_vc = -1;
    if (ivc.size == 0) {
      ivc.state = VcState::Idle;
      ivc.eval = kNever;
      R.busy_bits[static_cast<size_t>(i / 64)] &= ~(uint64_t{1} << (i % 64));
    } else {
      ivc.state = VcState::Routing;
      ++R.routing_vcs;
      ivc.eval = t + 1;
    }
  } else {
    ivc.eval = ivc.size > 0 ? t + 1 : kNever;  // a body flit still to come evaluates on arrival
  }
}

[[gnu::always_inline]] inline void FlitNetwork::grant_switch(Router& R, RouterCounters& count, int p, int v,
                                                             int64_t t) {
  const int V = m_p.vcs;
  R.vcs[static_cast<size_t>(p * V + v)].update = t + m_p.sw_alloc_delay_cycles - 1;
  R.sw_rr_offset[static_cast<size_t>(p)] = static_cast<uint8_t>(v + 1 == V ? 0 : v + 1);
  ++count.actions.sw_allocations;
}

[[gnu::always_inline]] inline bool FlitNetwork::acts_next_cycle(Router& R, int i) {
  const InputVc& ivc = R.vcs[static_cast<size_t>(i)];
  if (ivc.update != kNever) return true;
  if (ivc.state != VcState::Active || ivc.size == 0) return false;
  if (R.out[ivc.out_port].occupancy[static_cast<size_t>(ivc.out_vc)] < m_p.vc_buffer_flits) return true;
  stall(R, i);
  return false;
}

[[gnu::always_inline]] inline bool FlitNetwork::step_lone_stream(int r, Router& R, RouterCounters& count, int i,
                                                                 int64_t t) {
  InputVc& ivc = R.vcs[static_cast<size_t>(i)];  // Active: busy, and neither routing nor allocating
  if (ivc.eval <= t && ivc.update == kNever && ivc.size > 0) {
    if (R.out[ivc.out_port].occupancy[static_cast<size_t>(ivc.out_vc)] >= m_p.vc_buffer_flits) {
      ++count.credit_stalls;
    } else {  // the cycle's only switch request
      R.sw->allocate_lone_request(ivc.in_port, ivc.out_port);
      grant_switch(R, count, ivc.in_port, ivc.in_vc, t);
    }
  }
  if (ivc.update == t) send_front(r, R, count, i, t);
  // A tail followed by a head starts routing; a send never starts an allocation.
  const bool acts = acts_next_cycle(R, i) || R.routing_vcs > 0;
  count.occupancy_flit_cycles += static_cast<uint64_t>(R.buffered);
  return acts;
}

bool FlitNetwork::step_router(int r) {
  Router& R = m_routers[static_cast<size_t>(r)];
  if (R.asleep_since >= 0) wake(r);
  if (m_freezing) state_changed(r);
  RouterCounters& count = m_counters[static_cast<size_t>(r)];
  const int64_t t = m_cycle;
  const int V = m_p.vcs;
  // 1. What arrived: flits into their VC buffers, credits into the downstream counts (the two
  // touch different state, so the order of ports does not matter). A router steps in every cycle
  // something reaches it (the wheel wakes it), so each arrival is the front of its queue now.
  const size_t slot = arrival_slot(r, t);
  const uint32_t arrived = m_arrivals[slot];
  m_arrivals[slot] = 0;
  for (uint32_t bits = arrived; bits != 0; bits &= bits - 1) {
    const int b = __builtin_ctz(bits);
    if (b >= kPorts) {
      const int vc = m_arrival_credits[slot * kPorts + static_cast<size_t>(b - kPorts)];
      DownstreamState& d = R.out[b - kPorts];
      --d.occupancy[static_cast<size_t>(vc)];
      R.occupancy_digest -= occupancy_key((b - kPorts) * V + vc);
      if (d.holder[static_cast<size_t>(vc)] >= 0) unstall(R, d.holder[static_cast<size_t>(vc)]);
      continue;
    }
    const int p = b;
    const Flit& f = m_arrival_flits[slot * kPorts + static_cast<size_t>(p)];
    InputVc& ivc = R.vcs[static_cast<size_t>(p * V + f.vc)];
    ivc.at(ivc.size) = f;
    ++ivc.size;
    ++R.buffered;
    ++count.actions.buffer_writes;
    if (ivc.state == VcState::Idle) {
      ivc.state = VcState::Routing;
      ++R.routing_vcs;
      ivc.eval = t;
      R.busy_bits[static_cast<size_t>((p * V + f.vc) / 64)] |= uint64_t{1} << ((p * V + f.vc) % 64);
    } else if (ivc.state == VcState::Active && ivc.size == 1) {
      ivc.eval = t;
    }
  }
  // Most steps find one busy VC, streaming a packet (no VC routing or allocating): its stages
  // without the loops over VCs and the switch requests' book-keeping.
  // The credit-stalled VCs stay so (no credit for them arrived): counted, and left out below.
  count.credit_stalls += static_cast<uint64_t>(R.stalled_vcs_now);
  if (R.routing_vcs == 0 && R.allocating_vcs == 0) {
    int lone = -1;
    // One word for up to 12 VCs per port (noc.vcs is 4 by default): the loop only past that.
    const uint64_t first = R.busy_bits[0] & ~R.stalled_bits[0];
    if (first != 0) lone = (first & (first - 1)) == 0 ? __builtin_ctzll(first) : -2;
    for (size_t w = 1; w < busy_words() && lone != -2; ++w) {
      const uint64_t bits = R.busy_bits[w] & ~R.stalled_bits[w];
      if (bits == 0) continue;
      lone = lone == -1 && (bits & (bits - 1)) == 0 ? static_cast<int>(w * 64) + __builtin_ctzll(bits) : -2;
    }
    if (lone >= 0) return step_lone_stream(r, R, count, lone, t);
    if (lone == -1) {  // every busy VC waits for a credit (a flit joined one): nothing to evaluate
      count.occupancy_flit_cycles += static_cast<uint64_t>(R.buffered);
      return false;
    }
  }
  return step_stages(r, R, count, t);
}

bool FlitNetwork::step_stages(int r, Router& R, RouterCounters& count, int64_t t) {
  const int V = m_p.vcs;
  // 2. Evaluate every stage on the state at the start of the cycle. Only busy VCs have a stage
  // (an idle one is skipped by every test below), so the loops visit those, in index order.
  m_busy_vcs.clear();
  for (size_t w = 0; w < busy_words(); ++w)
    for (uint64_t bits = R.busy_bits[w] & ~R.stalled_bits[w]; bits != 0; bits &= bits - 1)
      m_busy_vcs.push_back(static_cast<int>(w * 64) + __builtin_ctzll(bits));
  bool va_requests = false;
  // This cycle's switch requests, at most one per input and output (most cycles have one).
  struct SwitchRequest {
    int in, out, vc;
  };
  SwitchRequest sw_requests[kPorts * kPorts];
  int n_sw_requests = 0;
  for (int i : m_busy_vcs) {
    InputVc& ivc = R.vcs[static_cast<size_t>(i)];
    if (ivc.eval > t || ivc.update != kNever) continue;
    const int p = ivc.in_port, v = ivc.in_vc;
    switch (ivc.state) {
      case VcState::Idle:
        break;
      case VcState::Routing:
        ivc.update = t + m_p.routing_delay_cycles - 1;
        break;
      case VcState::VcAlloc: {
        const DownstreamState& d = R.out[ivc.out_port];
        for (int ov = 0; ov < V; ++ov)
          if (!d.taken[static_cast<size_t>(ov)]) {
            R.va->request(i, ivc.out_port * V + ov, 0);
            va_requests = true;
          }
        ivc.va_result = -2;  // evaluated this cycle: read the allocator below
        break;
      }
      case VcState::Active: {
        if (ivc.size == 0) break;
        if (R.out[ivc.out_port].occupancy[static_cast<size_t>(ivc.out_vc)] >= m_p.vc_buffer_flits) {
          ++count.credit_stalls;
          break;
        }
        // One request per input and output: the VC nearest the input's round-robin offset.
        SwitchRequest* held = std::find_if(sw_requests, sw_requests + n_sw_requests,
                                           [&](const SwitchRequest& q) { return q.in == p && q.out == ivc.out_port; });
        if (held == sw_requests + n_sw_requests)
          *held = SwitchRequest{p, ivc.out_port, v}, ++n_sw_requests;
        else if (round_robin_before(v, held->vc, R.sw_rr_offset[static_cast<size_t>(p)], V))
          held->vc = v;
        break;
      }
    }
  }
  if (va_requests) R.va->allocate();
  if (R.allocating_vcs > 0)
    for (int i : m_busy_vcs) {
      InputVc& ivc = R.vcs[static_cast<size_t>(i)];
      if (ivc.state != VcState::VcAlloc || ivc.va_result != -2) continue;
      ivc.va_result = va_requests ? R.va->output_of(i) : -1;
      ivc.update = t + m_p.vc_alloc_delay_cycles - 1;
    }
  auto switch_granted = [&](int p, int v) { grant_switch(R, count, p, v, t); };
  if (n_sw_requests == 1) {
    const SwitchRequest& q = sw_requests[0];
    R.sw->allocate_lone_request(q.in, q.out);
    switch_granted(q.in, q.vc);
  } else if (n_sw_requests > 1) {
    for (int k = 0; k < n_sw_requests; ++k) R.sw->request(sw_requests[k].in, sw_requests[k].out, sw_requests[k].vc);
    R.sw->allocate();
    for (int p = 0; p < kPorts; ++p) {
      const int o = R.sw->output_of(p);
      if (o >= 0) switch_granted(p, R.sw->label_of(p, o));
    }
    R.sw->clear();
  }
  if (va_requests) R.va->clear();
  // 3. Apply what completes this cycle, stage by stage (routing, VC allocation, switch); the
  // stages no VC is in are skipped.
  const bool allocating_before = R.allocating_vcs > 0;
  if (R.routing_vcs > 0)
    for (int i : m_busy_vcs) {
      InputVc& ivc = R.vcs[static_cast<size_t>(i)];
      if (ivc.state != VcState::Routing || ivc.update != t) continue;
      ivc.out_port = output_port(r, m_packets[static_cast<size_t>(ivc.front().packet)].dst);
      ivc.state = VcState::VcAlloc;
      --R.routing_vcs, ++R.allocating_vcs;
      ivc.eval = t + 1;
      ivc.update = kNever;
    }
  if (allocating_before)
    for (int i : m_busy_vcs) {
      InputVc& ivc = R.vcs[static_cast<size_t>(i)];
      if (ivc.state != VcState::VcAlloc || ivc.update != t) continue;
      ivc.update = kNever;
      ivc.eval = t + 1;
      if (ivc.va_result < 0) continue;
      const int port = ivc.va_result / V, ov = ivc.va_result % V;
      DownstreamState& d = R.out[port];
      if (d.taken[static_cast<size_t>(ov)]) continue;  // taken while a longer allocation ran
      d.taken[static_cast<size_t>(ov)] = 1;
      d.holder[static_cast<size_t>(ov)] = i;
      ivc.out_vc = ov;
      ivc.state = VcState::Active;
      --R.allocating_vcs;
      ++count.actions.vc_allocations;
    }
  // 4. The switch's grants, and whether the router does anything next cycle beyond counting
  // stalls, given what has arrived: a VC with a stage under way or a flit and a credit does;
  // one waiting for a flit, a credit or a free output VC evaluates to nothing (a credit stall
  // is counted) until something arrives. Each VC is judged after its own send (no other VC's
  // changes its output VC's credits); a waiting allocation after them all (a tail may free an
  // output VC).
  bool acts = false;
  for (int i : m_busy_vcs) {
    InputVc& ivc = R.vcs[static_cast<size_t>(i)];
    if (ivc.state == VcState::Active && ivc.update == t) send_front(r, R, count, i, t);
    acts = acts_next_cycle(R, i) || acts;
  }
  acts = acts || R.routing_vcs > 0;
  for (size_t k = 0; !acts && R.allocating_vcs > 0 && k < m_busy_vcs.size(); ++k) {
    const InputVc& ivc = R.vcs[static_cast<size_t>(m_busy_vcs[k])];
    if (ivc.state != VcState::VcAlloc) continue;
    const DownstreamState& d = R.out[ivc.out_port];
    for (int ov = 0; ov < V && !acts; ++ov) acts = !d.taken[static_cast<size_t>(ov)];
  }
  count.occupancy_flit_cycles += static_cast<uint64_t>(R.buffered);
  return acts;
}

}  // namespace imc::sim::flit
