// SPDX-License-Identifier: MIT
// An SRAM buffer with one port: accesses serialize on the port and take
// access_time per bus word. It tracks occupancy against its capacity (the
// tile input buffers' content is counted per layer by the controller, which holds producers
// back when it is full; see docs/simulator.md, "Buffers").
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <systemc>

#include "configs/hw_config.h"
#include "mapping/timing.h"
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
  /// Frees `bytes` of occupancy at time `at` (for the trace).
  void release(double bytes, const sc_core::sc_time& at);

  /// Takes another port timing and capacity (a new hardware point; between runs only).
  void configure(const mapping::timing::BufferTimingParams& timing, double capacity_bytes) {
    if (!(timing == m_timing)) m_costs = {};  // the same timing keeps its derived costs
    m_timing = timing;
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

  /// The cost of an access of `bytes`, computed once: a layer's pixels repeat the same two sizes.
  struct AccessCost {
    double bytes = -1;
    sc_core::sc_time duration;
    double busy_ns = 0;  ///< duration in ns, as counted
    uint64_t words = 0;
  };
  const AccessCost& cost(double bytes);

  mapping::timing::BufferTimingParams m_timing;  ///< owned: the caller's config may go away
  std::array<AccessCost, 8> m_costs;             // a layer reads and writes a few sizes (edge pixels differ)
  size_t m_next_cost = 0;
  double m_capacity_bytes;
  double m_occupancy_bytes = 0;
  double m_peak_bytes = 0;
  Timeline m_port;
  const TraceContext* m_trace;
  std::string m_track;
};

// The access path is inline: a tile calls it for every PE of every pixel.
inline const Buffer::AccessCost& Buffer::cost(double bytes) {
  for (const AccessCost& k : m_costs)
    if (k.bytes == bytes) return k;
  AccessCost& k = m_costs[m_next_cost];
  m_next_cost = (m_next_cost + 1) % m_costs.size();
  k.bytes = bytes;
  k.duration = access_time(bytes);
  k.busy_ns = k.duration.to_seconds() * 1e9;
  k.words = static_cast<uint64_t>(std::ceil(bytes * 8.0 / m_timing.bus_width_bits - 1e-9));
  return k;
}

inline sc_core::sc_time Buffer::access(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c,
                                       int units, const char* what) {
  if (bytes <= 0) return earliest;
  const AccessCost& k = cost(bytes);
  const sc_core::sc_time start = m_port.reserve(earliest, k.duration);
  a.count(c, k.words * units, k.busy_ns * units, bytes * 8.0);
  if (m_trace && m_trace->tracer) m_trace->busy(m_track, what, a, start, k.duration);
  return start + k.duration;
}

inline sc_core::sc_time Buffer::write(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c,
                                      int units) {
  m_occupancy_bytes += bytes;
  m_peak_bytes = std::max(m_peak_bytes, m_occupancy_bytes);
  const sc_core::sc_time end = access(earliest, bytes, a, c, units, "write");
  if (m_trace && m_trace->tracer) m_trace->counter(m_track, "occupancy_bytes", end, m_occupancy_bytes);
  return end;
}

inline sc_core::sc_time Buffer::read(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c,
                                     int units) {
  return access(earliest, bytes, a, c, units, "read");
}

inline sc_core::sc_time Buffer::write_port(const sc_core::sc_time& earliest, double bytes, const Activity& a,
                                           Component c) {
  return access(earliest, bytes, a, c, 1, "write");
}

inline void Buffer::release(double bytes, const sc_core::sc_time& at) {
  m_occupancy_bytes = std::max(0.0, m_occupancy_bytes - bytes);
  if (m_trace && m_trace->tracer) m_trace->counter(m_track, "occupancy_bytes", at, m_occupancy_bytes);
}

}  // namespace imc::sim
