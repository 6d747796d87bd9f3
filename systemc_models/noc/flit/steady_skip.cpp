// SPDX-License-Identifier: MIT
// Skipping steady streams. A chip's packets are hundreds of flits long, and while their body
// flits stream, the routers they cross repeat the same few cycles (a flit moved, a credit
// awaited) over and over: resnet18 in flit mode spends four fifths of its stepped cycles so.
// A probe records the state of everything touched since it started; when that state recurs
// P cycles later, with times taken relative and only monotone counts (flits sent, counters)
// grown, every later period repeats it too until a head or tail flit moves or something new
// arrives, so the network jumps whole periods: times shift by the jump, counts grow by the
// periods times their growth in one period. The bounds: no source's tail flit is injected in
// the skipped cycles, and nothing else wakes in them (the caller's limit: no other process of
// the simulation runs then). Anything the probe did not touch did not change and does not
// change in the skipped cycles, since nothing reaches it.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "systemc_models/noc/flit/flit_network.h"

namespace imc::sim::flit {
namespace {

static_assert(std::is_trivially_copyable_v<RouterCounters> && sizeof(RouterCounters) % sizeof(uint64_t) == 0,
              "a router's counters are a block of uint64_t");
constexpr size_t kCounterWords = sizeof(RouterCounters) / sizeof(uint64_t);
/// The longest period looked for; a probe that found none by then starts again.
constexpr int64_t kMaxPeriod = 64;
/// Cycles without a head or tail moving before a probe starts.
constexpr int64_t kQuietCycles = 16;
/// An awake router's asleep_since, in a state.
constexpr int64_t kAwake = std::numeric_limits<int64_t>::min();

uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL + (h >> 31); }

}  // namespace

void FlitNetwork::restart_probe() {
  SteadyProbe& pr = m_probe;
  if (pr.router_seen.empty()) {
    pr.router_seen.assign(static_cast<size_t>(nodes()), 0);
    pr.node_seen.assign(static_cast<size_t>(nodes()), 0);
  }
  for (int e : pr.entries) pr.seen(e) = 0;
  pr.entries.clear();
  pr.offsets.clear();
  pr.state.clear();
  pr.progress.clear();
  pr.signature = 0;
  pr.start = m_cycle;
  pr.broken = false;
  pr.on = true;
  pr.packet_flits_ejected.resize(m_packets.size());
  for (size_t i = 0; i < m_packets.size(); ++i) pr.packet_flits_ejected[i] = m_packets[i].flits_ejected;
}

void FlitNetwork::first_touch(int entry) {
  // Untouched since the start, it slept through it: its state then is today's, settled to then.
  if (entry >= 0) settle_sleep(entry, m_probe.start);
  m_probe.entries.push_back(entry);
  m_probe.offsets.push_back(m_probe.state.size());
  append_state(entry, m_probe.start, m_probe.state);
  append_progress(entry, m_probe.progress);
  m_probe.signature += signature_of(entry);
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

void FlitNetwork::append_state(int entry, int64_t at, std::vector<int64_t>& out) const {
  auto rel = [at](int64_t x) { return x == kNever ? kNever : x - at; };
  auto flit = [&](const Flit& f) {
    out.push_back(f.packet);
    out.push_back(int64_t{f.head} | int64_t{f.tail} << 1 | int64_t{f.vc} << 2);
  };
  auto downstream = [&](const DownstreamState& d) {
    out.insert(out.end(), d.occupancy.begin(), d.occupancy.end());
    out.insert(out.end(), d.taken.begin(), d.taken.end());
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
    out.insert(out.end(), node.queue.begin() + static_cast<std::ptrdiff_t>(node.queue_head), node.queue.end());
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
  out.insert(out.end(), R.busy_bits.begin(), R.busy_bits.end());
  out.insert(out.end(), R.sw_rr_offset.begin(), R.sw_rr_offset.end());
  for (const InputVc& ivc : R.vcs) {
    out.push_back(static_cast<int64_t>(ivc.state));
    out.push_back(ivc.size);
    out.push_back(ivc.out_port);
    out.push_back(ivc.out_vc);
    // A stage due in the past is due now, however long ago (a sleeping VC allocation's phase
    // is settled into its eval, settle_sleep).
    out.push_back(ivc.eval <= at ? -1 : rel(ivc.eval));
    out.push_back(rel(ivc.update));
    out.push_back(ivc.va_result);
    for (int i = 0; i < ivc.size; ++i) flit(ivc.ring[static_cast<size_t>((ivc.first + i) % m_p.vc_buffer_flits)]);
  }
  for (int p = 0; p < kPorts; ++p) {
    downstream(R.out[p]);
    flits_on_the_way(R.arriving[p]);
    credits_on_the_way(R.credits[p]);
  }
  R.va->append_state(out);
  R.sw->append_state(out);
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
  for (uint64_t w : R.busy_bits) h = mix(h, w);
  for (int p = 0; p < kPorts; ++p) {
    h = mix(h, R.arriving[p].items.size() - R.arriving[p].head);
    h = mix(h, R.credits[p].items.size() - R.credits[p].head);
    for (int o : R.out[p].occupancy) h = mix(h, static_cast<uint64_t>(o));
  }
  return h;
}

bool FlitNetwork::state_repeats() const {
  uint64_t signature = 0;
  for (int e : m_probe.entries) signature += signature_of(e);
  if (signature != m_probe.signature) return false;
  std::vector<int64_t> now;
  for (size_t k = 0; k < m_probe.entries.size(); ++k) {
    now.clear();
    append_state(m_probe.entries[k], m_cycle, now);
    const size_t begin = m_probe.offsets[k],
                 end = k + 1 < m_probe.offsets.size() ? m_probe.offsets[k + 1] : m_probe.state.size();
    if (now.size() != end - begin ||
        !std::equal(now.begin(), now.end(), m_probe.state.begin() + static_cast<std::ptrdiff_t>(begin)))
      return false;
  }
  return true;
}

int64_t FlitNetwork::skip_steady_periods(int64_t max_cycles) {
  if (m_flit_ejected || m_flit_injected) return 0;  // they would miss the skipped flits
  if (m_probe.broken) {  // wait for a quiet spell: another head or tail would end the probe anyway
    m_probe.on = m_probe.broken = false;
    m_probe.quiet_since = m_cycle;
    return 0;
  }
  if (m_probe.on ? m_cycle - m_probe.start > kMaxPeriod : m_cycle - m_probe.quiet_since >= kQuietCycles) {
    restart_probe();  // no period found, or quiet long enough to look for one
    return 0;
  }
  if (!m_probe.on) return 0;
  const int64_t period = m_cycle - m_probe.start;
  for (int e : m_probe.entries)
    if (e >= 0) settle_sleep(e, m_cycle);
  if (!state_repeats()) return 0;
  // Whole periods up to the caller's limit, and before any source's tail flit.
  int64_t periods = max_cycles / period;
  size_t prog = 0;
  for (int e : m_probe.entries) {
    if (e >= 0) {
      prog += kCounterWords;
      continue;
    }
    const Node& node = m_nodes[static_cast<size_t>(-1 - e)];
    const int64_t sent = node.next_flit - static_cast<int64_t>(m_probe.progress[prog++]);
    if (sent <= 0 || node.queue_head == node.queue.size()) continue;
    const int flits = m_packets[static_cast<size_t>(node.queue[node.queue_head])].flits;
    periods = std::min(periods, (flits - 1 - node.next_flit) / sent);
  }
  // Whatever the wheel wakes must be the probe's (the others must not change while skipped).
  for (const std::vector<int>& slot : m_wheel)
    for (int e : slot)
      if (!m_probe.seen(e)) periods = 0;
  if (periods >= 1) jump(periods);
  restart_probe();
  return periods >= 1 ? periods * period : 0;
}

void FlitNetwork::jump(int64_t periods) {
  const int64_t shift = periods * (m_cycle - m_probe.start);
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
  size_t prog = 0;
  for (int e : m_probe.entries) {
    if (e < 0) {
      Node& node = m_nodes[static_cast<size_t>(-1 - e)];
      node.next_flit += static_cast<int>(times * (static_cast<uint64_t>(node.next_flit) - m_probe.progress[prog++]));
      shift_flits(node.ejecting);
      shift_flits(node.credits);
      node.wake_at = kNever;
      continue;
    }
    uint64_t words[kCounterWords];
    RouterCounters& count = m_counters[static_cast<size_t>(e)];
    std::memcpy(words, &count, sizeof words);
    for (size_t w = 0; w < kCounterWords; ++w) words[w] += times * (words[w] - m_probe.progress[prog + w]);
    std::memcpy(&count, words, sizeof words);
    prog += kCounterWords;
    Router& R = m_routers[static_cast<size_t>(e)];
    for (InputVc& ivc : R.vcs) {
      later(ivc.eval);
      later(ivc.update);
      for (int i = 0; i < ivc.size; ++i)
        ivc.ring[static_cast<size_t>((ivc.first + i) % m_p.vc_buffer_flits)].injected += shift;
    }
    for (int p = 0; p < kPorts; ++p) shift_flits(R.arriving[p]), shift_flits(R.credits[p]);
    if (R.asleep_since >= 0) R.asleep_since += shift;
    R.wake_at = kNever;
  }
  for (size_t i = 0; i < m_probe.packet_flits_ejected.size(); ++i) {
    PacketRecord& p = m_packets[i];
    p.flits_ejected += static_cast<int>(periods) * (p.flits_ejected - m_probe.packet_flits_ejected[i]);
  }
  m_cycle += shift;
  // Every entry in the wheel was the probe's: wake those asleep at their next arrival instead
  // (as sleep_until_arrival does, but the clock has moved on: an arrival may be due this cycle).
  for (std::vector<int>& slot : m_wheel) slot.clear();
  m_wakeups = 0;
  const size_t mask = m_wheel.size() - 1;
  auto wake_at_next = [&](int64_t& wake_at, int e, int64_t next) {
    if (next == kNever) return;
    wake_at = next;
    m_wheel[static_cast<size_t>(next) & mask].push_back(e);
    ++m_wakeups;
  };
  for (int e : m_probe.entries) {
    if (e < 0) {
      const size_t n = static_cast<size_t>(-1 - e);
      Node& node = m_nodes[n];
      if (!m_node_active[n]) wake_at_next(node.wake_at, e, next_arrival(node));
      continue;
    }
    Router& R = m_routers[static_cast<size_t>(e)];
    if (m_router_active[static_cast<size_t>(e)]) continue;
    wake_at_next(R.wake_at, e, next_arrival(R));
  }
}

}  // namespace imc::sim::flit
