// SPDX-License-Identifier: MIT
// The mesh NoC: a router per mesh position, four output links per router,
// XY routing, store-and-forward packets.
// - contention mode: each hop reserves its link for hop_latency + bits/bandwidth;
//   two packets that share a link serialize.
// - hops mode (validation): MNSIM's closed form, hops x bits/bandwidth (plus one
//   router latency per hop for partial-sum merges), with no contention. Link
//   busy time is still counted along the XY route, for the statistics.
#pragma once

#include <string>
#include <systemc>
#include <vector>

#include "configs/hw_config.h"
#include "systemc_models/common/interfaces.h"
#include "systemc_models/common/timeline.h"
#include "systemc_models/common/trace_context.h"

namespace imc::sim {

enum class LinkDirection { East, West, North, South };

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

  /// The XY route from src to dst, as link indices.
  std::vector<int> route(const mapping::MeshPos& src, const mapping::MeshPos& dst) const;
  /// Links that carried traffic in this run, busiest first.
  std::vector<LinkStat> busy_links() const;
  /// Hierarchical name of a link: NOC.link_ROW_COL_DIRECTION.
  std::string link_name(int link) const;
  std::string link_name(const LinkStat& s) const { return link_name(link_index(s.from, s.direction)); }
  bool contention() const override { return m_contention; }
  /// Takes the link parameters and mode of another hardware point on the same mesh (between runs only).
  void configure(const config::HwConfig& hw) {
    m_noc = hw.noc;
    m_contention = hw.noc.mode == "contention";
    m_per_hop_bits = -1;
  }
  void reset(const sc_core::sc_time& now);

 private:
  int link_index(const mapping::MeshPos& from, LinkDirection d) const;
  void route_into(const mapping::MeshPos& src, const mapping::MeshPos& dst, std::vector<int>& links) const;

  config::NocConfig m_noc;  ///< owned: the caller's config may go away
  int m_mesh_cols;
  bool m_contention;
  std::vector<Timeline> m_links;
  std::vector<double> m_link_busy_ns;  ///< also counted in hops mode
  std::vector<uint64_t> m_link_packets;
  const TraceContext* m_trace;
  std::string m_track;
  std::vector<int> m_path;     ///< scratch for send's route
  double m_per_hop_bits = -1;  ///< the packet size m_per_hop was converted for
  sc_core::sc_time m_per_hop;
};

}  // namespace imc::sim
