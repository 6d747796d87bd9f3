// SPDX-License-Identifier: MIT
#include "systemc_models/noc/noc.h"

#include <algorithm>
#include <cstdlib>

#include "mapping/timing.h"
#include "mapping/traffic.h"

namespace imc::sim {
Noc::Noc(sc_core::sc_module_name name, const config::HwConfig& hw, const TraceContext* trace)
    : sc_module(name),
      m_noc(hw.noc),
      m_mesh_rows(hw.chip.mesh_rows),
      m_mesh_cols(hw.chip.mesh_cols),
      m_routing(routing_registry().at(hw.noc.routing).get()),
      m_trace(trace),
      m_track(this->name()) {
  const size_t links = static_cast<size_t>(hw.chip.mesh_rows) * hw.chip.mesh_cols * 4;
  m_links.resize(links);
  m_link_busy_ns.assign(links, 0.0);
  m_link_packets.assign(links, 0);
  SC_HAS_PROCESS(Noc);
  SC_THREAD(flit_clock);
}

std::string Noc::link_name(int link) const {
  const int router = link / 4;
  return m_track + ".link_" + std::to_string(router / m_mesh_cols) + "_" + std::to_string(router % m_mesh_cols) + "_" +
         direction_letter(static_cast<LinkDirection>(link % 4));
}

std::vector<int> Noc::route(const mapping::MeshPos& src, const mapping::MeshPos& dst) const {
  std::vector<int> links;
  for_each_link(src, dst, [&](int link) { links.push_back(link); });
  return links;
}

void Noc::flit_clock() {
  for (;;) {
    while (!m_flit || m_flit->quiescent()) sc_core::wait(m_flit_wake);
    const uint64_t run = m_run;
    const sc_core::sc_time at = m_flit->next_cycle_time(), now = sc_core::sc_time_stamp();
    if (at > now) sc_core::wait(at - now);
    if (run != m_run) continue;  // a reset while this process waited: the new mesh starts afresh
    m_flit->step_cycles();
    if (!m_flit->holds_deliveries()) continue;
    // A cycle stepped ahead delivered packets: their senders hear of them at its time.
    const sc_core::sc_time held = m_flit->held_deliveries_time(), later = sc_core::sc_time_stamp();
    if (held > later) sc_core::wait(held - later);
    if (run != m_run) continue;
    m_flit->release_deliveries();
  }
}

void Noc::send(const Packet& p, const Activity& a, Delivery& d) {
  const int hop_count = std::abs(p.dst.col - p.src.col) + std::abs(p.dst.row - p.src.row);
  if (hop_count == 0) return;
  const double hops = static_cast<double>(hop_count);
  a.count(Component::Noc, 1, 0, p.bits * hops);
  if (a.counters) a.counters->flit += mapping::packet_flit_actions(m_noc.flit, p.bits, hop_count);

  if (m_flit) {  // the routers count what each link carried (an adaptive route is decided on the way)
    m_flit->send(p, hop_count, a, d, m_flit_wake);
    return;
  }
  const double link_busy_ns = mapping::timing::link_ns(p.bits, m_noc.inter_tile_bandwidth_gbps);
  d.last_arrival = std::max(d.last_arrival, packet_arrival(p, hop_count, link_busy_ns, a));
  if (m_count_links)
    for_each_link(p.src, p.dst, [&](int link) {
      m_link_busy_ns[static_cast<size_t>(link)] += link_busy_ns;
      ++m_link_packets[static_cast<size_t>(link)];
    });
}

sc_core::sc_time Noc::packet_arrival(const Packet& p, int hop_count, double serialize_ns, const Activity& a) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  sc_core::sc_time arrival;
  if (m_noc.mode == config::NocMode::Contention) {
    sc_core::sc_time t = now;
    if (p.bits != m_per_hop_bits) {  // a layer's packets have one size: convert its hop time once
      m_per_hop_bits = p.bits;
      m_per_hop = ns(m_noc.hop_latency_ns + serialize_ns);
    }
    const sc_core::sc_time per_hop = m_per_hop;
    for_each_link(p.src, p.dst, [&](int link) {
      const sc_core::sc_time start = m_links[static_cast<size_t>(link)].reserve(t, per_hop);
      if (m_trace && m_trace->tracer) m_trace->busy(link_name(link), "packet", a, start, per_hop, "noc");
      t = start + per_hop;
    });
    arrival = t;
  } else {
    const double router_ns = p.kind == PacketKind::Merge ? m_noc.hop_latency_ns : 0.0;
    arrival = now + ns(static_cast<double>(hop_count) * (router_ns + serialize_ns));
  }
  if (m_trace && m_trace->tracer) {
    m_routing->route(p.src, p.dst, m_route);
    std::string route;
    for (LinkDirection d : m_route) route += direction_letter(d);
    m_trace->tracer->packet({tile_track(p.src), tile_track(p.dst), a.layer, a.layer_name ? *a.layer_name : "",
                             m_trace->ps(now), m_trace->ps(arrival), p.bits, hop_count, route});
  }
  return arrival;
}

std::vector<LinkStat> Noc::busy_links() const {
  std::vector<LinkStat> out;
  if (m_flit) {
    const std::vector<flit::RouterCounters>& counters = m_flit->network().counters();
    for (size_t r = 0; r < counters.size(); ++r)
      for (int port = 0; port < 4; ++port)
        if (counters[r].packets_per_output[port] > 0)
          out.push_back({{static_cast<int>(r) / m_mesh_cols, static_cast<int>(r) % m_mesh_cols},
                         flit::port_direction(port),
                         double(counters[r].flits_per_output[port]) * m_flit->period_ns(),
                         counters[r].packets_per_output[port]});
  }
  for (size_t i = 0; i < m_links.size(); ++i) {
    if (m_link_packets[i] == 0) continue;
    const int router = static_cast<int>(i / 4);
    out.push_back({{router / m_mesh_cols, router % m_mesh_cols},
                   static_cast<LinkDirection>(i % 4),
                   m_link_busy_ns[i],
                   m_link_packets[i]});
  }
  std::stable_sort(out.begin(), out.end(), [](const LinkStat& x, const LinkStat& y) { return x.busy_ns > y.busy_ns; });
  return out;
}

void Noc::reset(const sc_core::sc_time& now) {
  for (Timeline& l : m_links) l.reset(now);
  std::fill(m_link_busy_ns.begin(), m_link_busy_ns.end(), 0.0);
  std::fill(m_link_packets.begin(), m_link_packets.end(), 0);
  m_flit.reset();
  ++m_run;
  if (m_noc.mode == config::NocMode::Flit)
    m_flit = std::make_unique<FlitTransport>(m_mesh_rows, m_mesh_cols, m_noc.flit, *m_routing, m_trace, m_track);
}

}  // namespace imc::sim
