// SPDX-License-Identifier: MIT
// One contended resource (a buffer port, a link, an adder): requests are
// served in the order they are made, each after the previous one is done.
#pragma once

#include <systemc>

namespace imc::sim {

class Timeline {
 public:
  /// Reserves `duration` starting no earlier than `earliest`; returns the start.
  sc_core::sc_time reserve(const sc_core::sc_time& earliest, const sc_core::sc_time& duration) {
    const sc_core::sc_time start = earliest > m_free_at ? earliest : m_free_at;
    m_free_at = start + duration;
    m_busy += duration;
    ++m_uses;
    return start;
  }
  const sc_core::sc_time& free_at() const { return m_free_at; }
  const sc_core::sc_time& busy() const { return m_busy; }
  uint64_t uses() const { return m_uses; }
  void reset(const sc_core::sc_time& now) {
    m_free_at = now;
    m_busy = sc_core::SC_ZERO_TIME;
    m_uses = 0;
  }

 private:
  sc_core::sc_time m_free_at = sc_core::SC_ZERO_TIME;
  sc_core::sc_time m_busy = sc_core::SC_ZERO_TIME;
  uint64_t m_uses = 0;
};

/// ns as a SystemC time: exactly what sc_time(v, SC_NS) gives at the kernel's 1 ps resolution
/// (which the chip checks when it is built), without that constructor's library call and
/// context lookup on every conversion.
inline sc_core::sc_time ns(double v) {
  if (v == 0) return sc_core::SC_ZERO_TIME;
  volatile double ps = v * 1000.0 + 0.5;  // sc_time's own rounding, kept in double precision
  return sc_core::sc_time::from_value(static_cast<sc_core::sc_time::value_type>(static_cast<int64_t>(ps)));
}

}  // namespace imc::sim
