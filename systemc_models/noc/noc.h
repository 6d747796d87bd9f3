// SPDX-License-Identifier: MIT
// The mesh NoC: a router per mesh position, four output links per router,
// the routing function noc.routing names (routing/), store-and-forward packets.
// - contention mode: each hop reserves its link for hop_latency + bits/bandwidth;
//   two packets that share a link serialize.
// - hops mode (validation): MNSIM's closed form, hops x bits/bandwidth (plus one
//   router latency per hop for partial-sum merges), with no contention. Link
//   busy time is still counted along the route, for the statistics.
#pragma once

#include <cstdlib>
#include <string>
#include <systemc>
#include <vector>

#include "configs/hw_config.h"
#include "systemc_models/common/interfaces.h"
#include "systemc_models/common/timeline.h"
#include "systemc_models/common/trace_context.h"
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

  sc_core::sc_time send(const Packet& p, const Activity& a) override;

  /// The route from src to dst, as link indices.
  std::vector<int> route(const mapping::MeshPos& src, const mapping::MeshPos& dst) const;
  /// Links that carried traffic in this run, busiest first.
  std::vector<LinkStat> busy_links() const;
  /// Hierarchical name of a link: NOC.link_ROW_COL_DIRECTION.
  std::string link_name(int link) const;
  std::string link_name(const LinkStat& s) const { return link_name(link_index(s.from, s.direction)); }
  bool contention() const override { return m_contention; }
  /// Takes the link parameters and mode of another hardware point on the same mesh (between runs only).
  void configure(const config::HwConfig& hw, bool count_links = true) {
    m_noc = hw.noc;
    m_contention = hw.noc.contention();
    m_routing = routing_registry().at(hw.noc.routing).get();
    m_count_links = count_links;
    m_per_hop_bits = -1;
  }
  void reset(const sc_core::sc_time& now);

 private:
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
  int m_mesh_cols;
  bool m_contention;
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
};

}  // namespace imc::sim
