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

void Buffer::reset(const sc_core::sc_time& now) {
  m_port.reset(now);
  m_occupancy_bytes = 0;
  m_peak_bytes = 0;
}

}  // namespace imc::sim
