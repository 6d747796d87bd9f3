// SPDX-License-Identifier: MIT
// The mesh NoC: a router per mesh position, four output links per router,
// the routing function noc.routing names (routing/). noc.mode picks how a packet crosses it:
// - hops (validation): MNSIM's closed form, hops x bits/bandwidth (plus one router latency
//   per hop for partial-sum merges), with no contention. Link busy time is still counted
//   along the route, for the statistics.
// - contention: store-and-forward packets; each hop reserves its link for hop_latency +
//   bits/bandwidth, and two packets that share a link serialize.
// - flit: flits through virtual-channel routers with credits (flit_transport.h), stepped by
//   this module's clock process.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "configs/hw_config.h"
#include "systemc_models/common/interfaces.h"
#include "systemc_models/common/timeline.h"
#include "systemc_models/common/trace_context.h"
#include "systemc_models/noc/flit_transport.h"
#include "systemc_models/noc/routing/routing_function.h"

namespace imc::sim {

struct LinkStat {
  mapping::MeshPos from;
  LinkDirection direction = LinkDirection::East;
  double busy_ns = 0;
  uint64_t packets = 0;
};

class Noc : public sc_core::sc_module, public noc_if {
 public:
  Noc(sc_core::sc_module_name name, const config::HwConfig& hw, const TraceContext* trace);

  void send(const Packet& p, const Activity& a, Delivery& d) override;

  /// The route from src to dst, as link indices.
  std::vector<int> route(const mapping::MeshPos& src, const mapping::MeshPos& dst) const;
  /// Links that carried traffic in this run, busiest first.
  std::vector<LinkStat> busy_links() const;
  /// Flit mode: the routers that switched flits in this run, by mean buffered flits (else empty).
  std::vector<RouterStat> router_stats(double run_ns) const {
    return m_flit ? m_flit->router_stats(run_ns) : std::vector<RouterStat>{};
  }
  /// Flit mode: cycles the routers were stepped in this run.
  int64_t flit_cycles_stepped() const { return m_flit ? m_flit->cycles_stepped() : 0; }
  int64_t flit_cycles_skipped() const { return m_flit ? m_flit->cycles_skipped() : 0; }
  /// Hierarchical name of a link: NOC.link_ROW_COL_DIRECTION.
  std::string link_name(int link) const;
  std::string link_name(const LinkStat& s) const { return link_name(link_index(s.from, s.direction)); }
  bool contention() const override { return m_noc.contention(); }
  /// Takes the link parameters and mode of another hardware point on the same mesh (between runs only).
  void configure(const config::HwConfig& hw, bool count_links = true) {
    m_noc = hw.noc;
    m_routing = routing_registry().at(hw.noc.routing).get();
    m_count_links = count_links;
    m_per_hop_bits = -1;
  }
  /// Starts a run at `now`: links free, counters zero, and in flit mode an empty mesh.
  void reset(const sc_core::sc_time& now);

 private:
  /// The flit mode's clock process: sleeps while the mesh is idle.
  void flit_clock();
  sc_core::sc_time packet_arrival(const Packet& p, int hop_count, double serialize_ns, const Activity& a);
  int link_index(const mapping::MeshPos& from, LinkDirection d) const {
    return (from.row * m_mesh_cols + from.col) * 4 + static_cast<int>(d);
  }
  /// Calls f(link) for each link of the route from src to dst, in order (no allocation once
  /// the route buffer has grown: every packet walks its route).
  template <class F>
  void for_each_link(const mapping::MeshPos& src, const mapping::MeshPos& dst, F&& f) const {
    m_routing->route(src, dst, m_route);
    mapping::MeshPos at = src;
    for (LinkDirection d : m_route) {
      f(link_index(at, d));
      at = step(at, d);
    }
  }

  config::NocConfig m_noc;  ///< owned: the caller's config may go away
  int m_mesh_rows, m_mesh_cols;
  const RoutingFunction* m_routing;            ///< owned by the routing registry
  mutable std::vector<LinkDirection> m_route;  ///< the last route walked (a reused buffer)
  std::vector<Timeline> m_links;
  std::vector<double> m_link_busy_ns;  ///< also counted in hops mode
  std::vector<uint64_t> m_link_packets;
  const TraceContext* m_trace;
  std::string m_track;
  bool m_count_links = true;   ///< busy time and packets per link (busy_links); off: hops mode walks no route
  double m_per_hop_bits = -1;  ///< the packet size m_per_hop was converted for
  sc_core::sc_time m_per_hop;
  std::unique_ptr<FlitTransport> m_flit;  ///< flit mode only; a fresh mesh per run
  sc_core::sc_event m_flit_wake;
  uint64_t m_run = 0;  ///< resets so far: the clock process drops a cycle of a mesh that is gone
};

}  // namespace imc::sim
