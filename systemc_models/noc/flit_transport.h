// SPDX-License-Identifier: MIT
// noc.mode = "flit": the chip's packets cut into flits of noc.flit_bits and carried by the
// flit-level routers (flit/flit_network.h). One clocked process (the Noc's) steps the whole mesh
// at noc.clock_ghz while it has work and sleeps while it has none, so an idle chip costs no
// cycles. Cycle c happens at time c / clock_ghz; a packet sent between two cycles enters its
// source queue at the next. It arrives at the cycle its tail is ejected.
// The clock process calls step_cycles() at each next_cycle_time() until the mesh is quiescent.
#pragma once

#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "configs/hw_config.h"
#include "systemc_models/common/interfaces.h"
#include "systemc_models/common/trace_context.h"
#include "systemc_models/noc/flit/flit_network.h"
#include "systemc_models/noc/router_stat.h"

namespace imc::sim {

class FlitTransport {
 public:
  FlitTransport(int mesh_rows, int mesh_cols, const config::FlitRouterConfig& router, const RoutingFunction& routing,
                const TraceContext* trace, std::string track);

  /// Puts the packet (`hops` links away) into its source router's queue; `d` counts it until its
  /// tail is ejected.
  /// Wakes the clock process (`wake`) if the mesh was idle.
  void send(const Packet& p, int hops, const Activity& a, Delivery& d, sc_core::sc_event& wake);
  /// When the next cycle happens.
  sc_core::sc_time next_cycle_time() const { return m_period * static_cast<double>(m_net.cycle()); }
  /// Steps that cycle (the clock process calls it at next_cycle_time()), then every later cycle
  /// due before the simulation's next pending activity (no other process runs before it, so
  /// none can send), skipping those in which nothing is due, until one delivers a packet.
  /// Steady regions of the mesh are frozen meanwhile (FlitNetwork::freeze_steady_regions); while
  /// tracing, one cycle a call and nothing frozen (the trace shows every cycle's buffers).
  void step_cycles();
  /// Whether packets delivered in a cycle stepped ahead of the simulation's time wait to be
  /// handed over (release_deliveries) at held_deliveries_time().
  bool holds_deliveries() const { return !m_held.empty(); }
  const sc_core::sc_time& held_deliveries_time() const { return m_held_at; }
  void release_deliveries();
  bool quiescent() const { return m_net.quiescent(); }
  const sc_core::sc_time& period() const { return m_period; }
  double period_ns() const { return m_period.to_seconds() * 1e9; }
  /// Routers that switched a flit, by mean buffered flits (busiest first), over `run_ns`.
  std::vector<RouterStat> router_stats(double run_ns) const;
  const flit::FlitNetwork& network() const { return m_net; }
  /// Cycles stepped in this run (the simulator's work, for benchmarks).
  int64_t cycles_stepped() const { return m_cycles_stepped; }
  /// Cycles the clock skipped: nothing was due in them (routers waiting or frozen).
  int64_t cycles_skipped() const { return m_cycles_skipped; }

 private:
  struct Pending {
    Delivery* delivery = nullptr;
    Activity activity;
    sc_core::sc_time sent;
    mapping::MeshPos src, dst;
    double bits = 0;
    int hops = 0;
  };
  void delivered(const flit::PacketRecord& p);
  /// Hands a delivered packet to its sender now (`route`: the trace's).
  void hand_over(uint64_t tag, const std::string& route);
  void trace_routers();
  std::string router_name(int router) const;

  int m_cols;
  config::FlitRouterConfig m_router;
  sc_core::sc_time m_period;
  flit::FlitNetwork m_net;
  const TraceContext* m_trace;
  std::string m_track;
  std::vector<Pending> m_pending;  ///< by tag; slots of delivered packets are reused
  std::vector<uint64_t> m_free;
  std::vector<int> m_traced_buffered;  ///< per router: the buffered flits last traced
  std::vector<int> m_traced_nonzero;   ///< routers whose last traced value is not zero
  std::vector<uint64_t> m_held;        ///< tags delivered in a cycle ahead of the simulation's time
  sc_core::sc_time m_held_at;          ///< that cycle's time
  int64_t m_cycles_stepped = 0;
  int64_t m_cycles_skipped = 0;
};

}  // namespace imc::sim
