// SPDX-License-Identifier: MIT
#include "mapping/timing.h"

#include <cmath>

namespace imc::mapping::timing {

int ceil_div(int a, int b) { return (a + b - 1) / b; }
int ceil_log2(int n) { return n <= 1 ? 0 : static_cast<int>(std::ceil(std::log2(n))); }

double buffer_access_ns(const config::BufferConfig& buffer, double bytes) {
  return std::ceil(bytes * 8.0 / buffer.bus_width_bits - 1e-9) * buffer.access_time_ns;
}

double link_ns(double bits, double gbps) { return bits / gbps; }

MvmTime mvm_time(const config::HwConfig& hw, int max_row, int max_col, int max_pe, int input_bits) {
  const double clock_ns = 1000.0 / hw.chip.digital_clock_mhz;
  const int row_rounds = ceil_div(max_row, hw.pe.dac_count);
  const int col_rounds = ceil_div(max_col, hw.pe.adc_count);
  MvmTime t;
  t.cycles = ceil_div(input_bits, hw.dac.bits) * row_rounds * col_rounds;
  t.xbar_ns = t.cycles * hw.crossbar.read_latency_ns;
  t.dac_ns = t.cycles * (hw.dac.bits + 2) / hw.dac.sample_rate_gsps;
  t.adc_ns = t.cycles * (hw.adc.bits + 2) / hw.adc.sample_rate_gsps;
  const double input_reg = row_rounds * col_rounds * clock_ns + t.cycles * clock_ns;
  const double shift_reg = t.cycles * clock_ns;
  const double output_reg = col_rounds * clock_ns;
  t.digital_ns = input_reg + shift_reg + output_reg + ceil_log2(max_pe) * clock_ns;
  return t;
}

double pooling_ns(const config::HwConfig& hw, int channels, int kernel) {
  const config::PoolingConfig& p = hw.tile.pooling;
  return p.latency_ns * ceil_div(channels, p.lanes) * ceil_div(kernel * kernel, p.window);
}

int partial_sum_bits(const config::HwConfig& hw, int max_pe) { return hw.adc.bits + ceil_log2(max_pe); }

double intra_tile_ns(const config::HwConfig& hw, int max_col, int max_pe) {
  const int joint = ceil_log2(max_pe);
  return link_ns((2.0 * (hw.adc.bits + joint) - joint * (joint + 1) / 2.0) * max_col, hw.noc.intra_tile_bandwidth_gbps);
}

}  // namespace imc::mapping::timing
