// SPDX-License-Identifier: MIT
// The DRAM interface: the input image comes in, the logits go out. MNSIM does
// not time it, and neither does the MNSIM preset; the layer's counters get the bits moved.
#pragma once

#include <systemc>

#include "systemc_models/common/interfaces.h"

namespace imc::sim {

class Dram : public sc_core::sc_module, public dram_if {
 public:
  explicit Dram(sc_core::sc_module_name name) : sc_module(name) {}
  sc_core::sc_time transfer(double bits, bool /*write*/, const Activity& a) override {
    a.count(Component::Dram, 1, 0, bits);
    return sc_core::sc_time_stamp();
  }
};

}  // namespace imc::sim
