// SPDX-License-Identifier: MIT
// Timing formulas of the chip's components (MNSIM 2.0's equations). The
// analytic cost model and the SystemC modules both use these, so the event
// simulation and the closed form cannot drift apart.
#pragma once

#include "configs/hw_config.h"

namespace imc::mapping::timing {

int ceil_div(int a, int b);
int ceil_log2(int n);

/// One buffer access of `bytes`: whole bus-width words at access_time each.
double buffer_access_ns(const config::BufferConfig& buffer, double bytes);

/// `bits` over a link of `gbps`.
double link_ns(double bits, double gbps);

/// One matrix-vector product of a PE: inputs bit-serial through the DACs,
/// rows and columns time-multiplexed over the converters.
struct MvmTime {
  int cycles = 0;  ///< crossbar read cycles
  double xbar_ns = 0;
  double dac_ns = 0;
  double adc_ns = 0;
  double digital_ns = 0;  ///< input/output registers, shift-add, joint
  double total_ns() const { return xbar_ns + dac_ns + adc_ns + digital_ns; }
};
/// `input_bits`: precision of the inputs, streamed bit-serially through the DACs.
MvmTime mvm_time(const config::HwConfig& hw, int max_row, int max_col, int max_pe, int input_bits);

/// Pooling of one output pixel of `channels` channels with a k x k window.
double pooling_ns(const config::HwConfig& hw, int channels, int kernel);

/// Partial sums from the PEs of a tile to its adder tree.
double intra_tile_ns(const config::HwConfig& hw, int max_col, int max_pe);

/// Bits of one partial-sum word leaving a tile's adder tree (ADC bits + joint growth).
int partial_sum_bits(const config::HwConfig& hw, int max_pe);

}  // namespace imc::mapping::timing
