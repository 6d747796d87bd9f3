// SPDX-License-Identifier: MIT
// An SRAM buffer with one port: accesses serialize on the port and take
// access_time per bus word. It tracks occupancy against its capacity (the
// tile input buffers' content is counted per layer by the controller, which holds producers
// back when it is full; see docs/simulator.md, "Buffers").
#pragma once

#include <systemc>

#include "configs/hw_config.h"
#include "systemc_models/common/activity.h"
#include "systemc_models/common/timeline.h"
#include "systemc_models/common/trace_context.h"

namespace imc::sim {

class Buffer : public sc_core::sc_module {
 public:
  Buffer(sc_core::sc_module_name name, const config::BufferConfig& cfg, double capacity_bytes,
         const TraceContext* trace);

  /// Port time of one access of `bytes`.
  sc_core::sc_time access_time(double bytes) const;

  /// Reserves the port for a write no earlier than `earliest`; returns the end. `units`
  /// multiplies the busy time charged to the layer (MNSIM charges every PE sharing it).
  sc_core::sc_time write(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c, int units = 1);
  sc_core::sc_time read(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c, int units = 1);

  /// A write's port time and energy only, for data already counted as held elsewhere.
  sc_core::sc_time write_port(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c);
  /// Frees `bytes` of occupancy.
  void release(double bytes);

  /// Takes another technology and capacity (a new hardware point; between runs only).
  void configure(const config::BufferConfig& cfg, double capacity_bytes) {
    m_cfg = cfg;
    m_capacity_bytes = capacity_bytes;
  }
  double capacity_bytes() const { return m_capacity_bytes; }
  double occupancy_bytes() const { return m_occupancy_bytes; }
  double peak_occupancy_bytes() const { return m_peak_bytes; }
  const Timeline& port() const { return m_port; }
  void reset(const sc_core::sc_time& now);

 private:
  sc_core::sc_time access(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c, int units,
                          const char* what);

  config::BufferConfig m_cfg;
  double m_capacity_bytes;
  double m_occupancy_bytes = 0;
  double m_peak_bytes = 0;
  Timeline m_port;
  const TraceContext* m_trace;
  std::string m_track;
};

}  // namespace imc::sim
