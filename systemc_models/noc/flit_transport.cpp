// SPDX-License-Identifier: MIT
#include "systemc_models/noc/flit_transport.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace imc::sim {

FlitTransport::FlitTransport(int mesh_rows, int mesh_cols, const config::FlitRouterConfig& router,
                             const RoutingFunction& routing, const TraceContext* trace, std::string track)
    : m_cols(mesh_cols),
      m_router(router),
      m_period(1.0 / router.clock_ghz, sc_core::SC_NS),
      m_net(mesh_rows, mesh_cols, router, routing),
      m_trace(trace),
      m_track(std::move(track)) {
  if (m_period == sc_core::SC_ZERO_TIME)
    throw std::invalid_argument("noc.clock_ghz is too high for the simulator's 1 ps resolution");
  m_net.on_delivered([this](const flit::PacketRecord& p) { delivered(p); });
  m_traced_buffered.assign(static_cast<size_t>(m_net.nodes()), 0);
}

std::string FlitTransport::router_name(int router) const {
  return m_track + ".router_" + std::to_string(router / m_cols) + "_" + std::to_string(router % m_cols);
}

void FlitTransport::send(const Packet& p, int hops, const Activity& a, Delivery& d, sc_core::sc_event& wake) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  const bool was_idle = m_net.quiescent();
  if (was_idle) {  // the clock sleeps: the packet enters at the first cycle at or after now
    const sc_dt::uint64 p_units = m_period.value();
    m_net.skip_to(static_cast<int64_t>((now.value() + p_units - 1) / p_units));
  }
  uint64_t tag;
  if (!m_free.empty()) {
    tag = m_free.back();
    m_free.pop_back();
  } else {
    tag = m_pending.size();
    m_pending.emplace_back();
  }
  Pending& slot = m_pending[tag];
  slot.delivery = &d;
  slot.activity = a;
  slot.sent = now;
  slot.src = p.src;
  slot.dst = p.dst;
  slot.bits = p.bits;
  slot.hops = hops;
  m_net.record_routes(m_trace && m_trace->tracer);             // adaptive routing decides them on the way
  m_net.freeze_steady_regions(!(m_trace && m_trace->tracer));  // the trace shows every cycle
  m_net.enqueue(p.src.row * m_cols + p.src.col, p.dst.row * m_cols + p.dst.col, m_router.flits_of(p.bits),
                m_net.cycle(), tag);
  ++d.in_flight;
  if (was_idle) wake.notify();
}

void FlitTransport::delivered(const flit::PacketRecord& p) {
  const sc_core::sc_time at = next_cycle_time();  // the cycle being stepped
  if (at > sc_core::sc_time_stamp()) {            // stepped ahead: handed over at its time
    m_held.push_back(p.tag);
    m_held_at = at;
    return;
  }
  hand_over(p.tag, p.route);
}

void FlitTransport::release_deliveries() {
  for (uint64_t tag : m_held) hand_over(tag, {});
  m_held.clear();
}

void FlitTransport::hand_over(uint64_t tag, const std::string& route) {
  Pending& slot = m_pending[tag];
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  Delivery& d = *slot.delivery;
  d.last_arrival = std::max(d.last_arrival, now);
  if (m_trace && m_trace->tracer) {
    const Activity& a = slot.activity;
    m_trace->tracer->packet({tile_track(slot.src), tile_track(slot.dst), a.layer, a.layer_name ? *a.layer_name : "",
                             m_trace->ps(slot.sent), m_trace->ps(now), slot.bits, slot.hops, route});
  }
  slot.delivery = nullptr;
  m_free.push_back(tag);
  if (--d.in_flight == 0) d.arrived->notify();  // immediate: the sender resumes in this cycle
}

void FlitTransport::step_cycles() {
  m_net.step();
  ++m_cycles_stepped;
  if (m_trace && m_trace->tracer) {
    trace_routers();
    return;
  }
  // No other process runs before the simulation's next pending activity (one a delivery in this
  // cycle woke counts), so no packet is sent before it: the cycles until then in which no router
  // or node is due change nothing, and the clock skips them; the others are stepped now, without
  // the clock process waiting for each (cycle c happens at c periods), until one delivers.
  const sc_core::sc_time quiet = sc_core::sc_time_to_pending_activity();
  int64_t before = flit::FlitNetwork::kNever;
  if (quiet < sc_core::sc_max_time() - sc_core::sc_time_stamp()) {
    const sc_dt::uint64 period = m_period.value(), until = (sc_core::sc_time_stamp() + quiet).value();
    before = static_cast<int64_t>(std::min<sc_dt::uint64>((until + period - 1) / period, sc_dt::uint64{1} << 62));
  }
  for (;;) {
    if (!m_held.empty()) return;  // its senders may send at its time: nothing is skipped past it
    m_cycles_skipped += m_net.skip_idle_cycles(before);
    if (m_net.quiescent() || m_net.cycle() >= before) return;
    m_net.step();
    ++m_cycles_stepped;
  }
}

void FlitTransport::trace_routers() {
  // Only the routers whose buffered flits changed: those with work, and those that had some.
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  std::vector<int> nonzero;
  auto visit = [&](int r) {
    const int b = m_net.buffered_flits(r);
    int& last = m_traced_buffered[static_cast<size_t>(r)];
    if (b != last) {
      m_trace->counter(router_name(r), "buffered_flits", now, b);
      last = b;
    }
    if (b > 0) nonzero.push_back(r);
  };
  for (int r : m_traced_nonzero) visit(r);
  for (int r : m_net.active_routers()) visit(r);
  std::sort(nonzero.begin(), nonzero.end());
  nonzero.erase(std::unique(nonzero.begin(), nonzero.end()), nonzero.end());
  m_traced_nonzero = std::move(nonzero);
}

std::vector<RouterStat> FlitTransport::router_stats(double run_ns) const {
  const double cycles = std::max(1.0, run_ns / period_ns());
  std::vector<RouterStat> out;
  const std::vector<flit::RouterCounters>& counters = m_net.counters();
  for (size_t r = 0; r < counters.size(); ++r) {
    const flit::RouterCounters& c = counters[r];
    if (c.actions.crossbar_traversals == 0) continue;
    const int router = static_cast<int>(r);
    out.push_back({router_name(router), c.actions.crossbar_traversals, double(c.occupancy_flit_cycles) / cycles,
                   c.credit_stalls, c.occupancy_flit_cycles});
  }
  std::stable_sort(out.begin(), out.end(), [](const RouterStat& x, const RouterStat& y) {
    return x.occupancy_flit_cycles > y.occupancy_flit_cycles;
  });
  return out;
}

}  // namespace imc::sim
