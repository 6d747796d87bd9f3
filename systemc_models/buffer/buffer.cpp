// SPDX-License-Identifier: MIT
#include "systemc_models/buffer/buffer.h"

#include <algorithm>
#include <cmath>

#include "mapping/timing.h"

namespace imc::sim {

Buffer::Buffer(sc_core::sc_module_name name, const config::BufferConfig& cfg, double capacity_bytes,
               const TraceContext* trace)
    : sc_module(name),
      m_timing(mapping::timing::buffer_timing_params(cfg)),
      m_capacity_bytes(capacity_bytes),
      m_trace(trace),
      m_track(this->name()) {}

sc_core::sc_time Buffer::access_time(double bytes) const {
  return ns(mapping::timing::buffer_access_ns(m_timing, bytes));
}

const Buffer::AccessCost& Buffer::cost(double bytes) {
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

sc_core::sc_time Buffer::access(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c,
                                int units, const char* what) {
  if (bytes <= 0) return earliest;
  const AccessCost& k = cost(bytes);
  const sc_core::sc_time start = m_port.reserve(earliest, k.duration);
  a.count(c, k.words * units, k.busy_ns * units, bytes * 8.0);
  if (m_trace) m_trace->busy(m_track, what, a, start, k.duration);
  return start + k.duration;
}

sc_core::sc_time Buffer::write(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c,
                               int units) {
  m_occupancy_bytes += bytes;
  m_peak_bytes = std::max(m_peak_bytes, m_occupancy_bytes);
  const sc_core::sc_time end = access(earliest, bytes, a, c, units, "write");
  if (m_trace) m_trace->counter(m_track, "occupancy_bytes", end, m_occupancy_bytes);
  return end;
}

sc_core::sc_time Buffer::read(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c,
                              int units) {
  return access(earliest, bytes, a, c, units, "read");
}

sc_core::sc_time Buffer::write_port(const sc_core::sc_time& earliest, double bytes, const Activity& a, Component c) {
  return access(earliest, bytes, a, c, 1, "write");
}

void Buffer::release(double bytes) {
  m_occupancy_bytes = std::max(0.0, m_occupancy_bytes - bytes);
  if (m_trace) m_trace->counter(m_track, "occupancy_bytes", sc_core::sc_time_stamp(), m_occupancy_bytes);
}

void Buffer::reset(const sc_core::sc_time& now) {
  m_port.reset(now);
  m_occupancy_bytes = 0;
  m_peak_bytes = 0;
}

}  // namespace imc::sim
