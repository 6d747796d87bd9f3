// SPDX-License-Identifier: MIT
// The DRAM interface: the input image comes in, the logits go out. MNSIM does
// not time it, and neither does the MNSIM preset; it counts the bits moved.
#pragma once

#include <systemc>

#include "systemc_models/common/interfaces.h"

namespace imc::sim {

class Dram : public sc_core::sc_module, public dram_if {
 public:
  explicit Dram(sc_core::sc_module_name name) : sc_module(name) {}
  sc_core::sc_time transfer(double bits, bool write, const Activity& a) override {
    (write ? m_bits_written : m_bits_read) += bits;
    a.count(Component::Dram, 1, 0, bits);
    return sc_core::sc_time_stamp();
  }
  double bits_read() const { return m_bits_read; }
  double bits_written() const { return m_bits_written; }
  void reset() { m_bits_read = m_bits_written = 0; }

 private:
  double m_bits_read = 0;
  double m_bits_written = 0;
};

}  // namespace imc::sim
