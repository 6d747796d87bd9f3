// SPDX-License-Identifier: MIT
#include "mapping/timing.h"

#include <cmath>

namespace imc::mapping::timing {

int ceil_div(int a, int b) { return (a + b - 1) / b; }
int ceil_log2(int n) { return n <= 1 ? 0 : static_cast<int>(std::ceil(std::log2(n))); }

BufferTimingParams buffer_timing_params(const config::BufferConfig& buffer) {
  return {buffer.bus_width_bits, buffer.access_time_ns};
}

double buffer_access_ns(const BufferTimingParams& buffer, double bytes) {
  return std::ceil(bytes * 8.0 / buffer.bus_width_bits - 1e-9) * buffer.access_time_ns;
}

double buffer_access_ns(const config::BufferConfig& buffer, double bytes) {
  return buffer_access_ns(buffer_timing_params(buffer), bytes);
}

double link_ns(double bits, double gbps) { return bits / gbps; }

int mux_tree_stages(int fan) {
  int stages = 1;
  for (int left = fan; left > 0; left /= 8) ++stages;
  return stages;
}

PeTimingParams pe_timing_params(const config::HwConfig& hw) {
  PeTimingParams p;
  p.clock_ns = 1000.0 / hw.chip.digital_clock_mhz;
  p.dac_count = hw.pe.dac_count;
  p.adc_count = hw.pe.adc_count;
  p.dac_bits = hw.dac.bits;
  p.adc_bits = hw.adc.bits;
  p.dac_sample_rate_gsps = hw.dac.sample_rate_gsps;
  p.adc_sample_rate_gsps = hw.adc.sample_rate_gsps;
  p.xbar_read_latency_ns = hw.crossbar.read_latency_ns;
  p.demux_ns = mux_tree_stages(ceil_div(hw.crossbar.rows, hw.pe.dac_count)) * hw.pe.demux_stage_latency_ns;
  p.mux_ns = mux_tree_stages(ceil_div(hw.crossbar.cols, hw.pe.adc_count)) * hw.pe.mux_stage_latency_ns;
  return p;
}

MvmTime mvm_time(const config::HwConfig& hw, int max_row, int max_col, int max_pe, int input_bits) {
  return mvm_time(pe_timing_params(hw), max_row, max_col, max_pe, input_bits);
}

MvmTime mvm_time(const PeTimingParams& pe, int max_row, int max_col, int max_pe, int input_bits) {
  const double clock_ns = pe.clock_ns;
  const int row_rounds = ceil_div(max_row, pe.dac_count);
  const int col_rounds = ceil_div(max_col, pe.adc_count);
  MvmTime t;
  t.cycles = ceil_div(input_bits, pe.dac_bits) * row_rounds * col_rounds;
  t.xbar_ns = t.cycles * pe.xbar_read_latency_ns;
  t.dac_ns = t.cycles * (pe.dac_bits + 2) / pe.dac_sample_rate_gsps;
  t.adc_ns = t.cycles * (pe.adc_bits + 2) / pe.adc_sample_rate_gsps;
  const double input_reg = row_rounds * col_rounds * clock_ns + t.cycles * clock_ns;
  const double shift_reg = t.cycles * clock_ns;
  const double output_reg = col_rounds * clock_ns;
  const double mux_demux = t.cycles * (pe.demux_ns + pe.mux_ns);  // every read passes both
  t.digital_ns = input_reg + shift_reg + output_reg + mux_demux + ceil_log2(max_pe) * clock_ns;
  return t;
}

TileTimingParams tile_timing_params(const config::HwConfig& hw) {
  return {hw.adc.bits, hw.noc.intra_tile_bandwidth_gbps, hw.tile.pooling};
}

double pooling_ns(const config::PoolingConfig& p, int channels, int kernel) {
  return p.latency_ns * ceil_div(channels, p.lanes) * ceil_div(kernel * kernel, p.window);
}

double pooling_ns(const config::HwConfig& hw, int channels, int kernel) {
  return pooling_ns(hw.tile.pooling, channels, kernel);
}

double activation_ns(const config::ActivationUnitConfig& unit, int channels, size_t functions) {
  return double(functions) * ceil_div(channels, unit.lanes) * unit.cycle_ns;
}

int partial_sum_bits(const config::HwConfig& hw, int max_pe) { return hw.adc.bits + ceil_log2(max_pe); }

double intra_tile_ns(const TileTimingParams& tile, int max_col, int max_pe) {
  const int joint = ceil_log2(max_pe);
  return link_ns((2.0 * (tile.adc_bits + joint) - joint * (joint + 1) / 2.0) * max_col, tile.intra_tile_bandwidth_gbps);
}

double intra_tile_ns(const config::HwConfig& hw, int max_col, int max_pe) {
  return intra_tile_ns(tile_timing_params(hw), max_col, max_pe);
}

}  // namespace imc::mapping::timing
