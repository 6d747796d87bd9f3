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
/// What a buffer's port timing reads of the hardware config; a SystemC buffer owns a copy.
struct BufferTimingParams {
  int bus_width_bits = 1;
  double access_time_ns = 0;  ///< per bus word
};
inline bool operator==(const BufferTimingParams& a, const BufferTimingParams& b) {
  return a.bus_width_bits == b.bus_width_bits && a.access_time_ns == b.access_time_ns;
}
BufferTimingParams buffer_timing_params(const config::BufferConfig& buffer);
double buffer_access_ns(const BufferTimingParams& buffer, double bytes);

/// What a PE's timing reads of the hardware config; a SystemC PE owns a copy.
struct PeTimingParams {
  double clock_ns = 1;
  int dac_count = 1, adc_count = 1, dac_bits = 1, adc_bits = 1;
  double dac_sample_rate_gsps = 1, adc_sample_rate_gsps = 1;
  double xbar_read_latency_ns = 0;
  double demux_ns = 0;  ///< per crossbar read: the row decoder between the DACs and the rows
  double mux_ns = 0;    ///< per crossbar read: the column mux between the columns and the ADCs
};
inline bool operator==(const PeTimingParams& a, const PeTimingParams& b) {
  return a.clock_ns == b.clock_ns && a.dac_count == b.dac_count && a.adc_count == b.adc_count &&
         a.dac_bits == b.dac_bits && a.adc_bits == b.adc_bits && a.dac_sample_rate_gsps == b.dac_sample_rate_gsps &&
         a.adc_sample_rate_gsps == b.adc_sample_rate_gsps && a.xbar_read_latency_ns == b.xbar_read_latency_ns &&
         a.demux_ns == b.demux_ns && a.mux_ns == b.mux_ns;
}
PeTimingParams pe_timing_params(const config::HwConfig& hw);

/// Stages of a tree of 1:8 decoders (or 8:1 muxes) that MNSIM charges for `fan` lines per
/// converter: one, plus one for each division by 8 until nothing is left (2 for 1 to 7 lines).
int mux_tree_stages(int fan);

/// `input_bits`: precision of the inputs, streamed bit-serially through the DACs.
MvmTime mvm_time(const PeTimingParams& pe, int max_row, int max_col, int max_pe, int input_bits);
MvmTime mvm_time(const config::HwConfig& hw, int max_row, int max_col, int max_pe, int input_bits);

/// What a tile's adder tree and pooling unit read of the hardware config; a SystemC tile owns a copy.
struct TileTimingParams {
  int adc_bits = 1;
  double intra_tile_bandwidth_gbps = 1;
  config::PoolingConfig pooling;
};
TileTimingParams tile_timing_params(const config::HwConfig& hw);

/// Pooling of one output pixel of `channels` channels with a k x k window.
double pooling_ns(const config::PoolingConfig& pooling, int channels, int kernel);
double pooling_ns(const config::HwConfig& hw, int channels, int kernel);

/// The activation units applying `functions` activations (other than ReLU) to one output pixel
/// of `channels` channels: `lanes` elements per cycle, one function after the other.
double activation_ns(const config::ActivationUnitConfig& unit, int channels, size_t functions);

/// Partial sums from the PEs of a tile to its adder tree.
double intra_tile_ns(const TileTimingParams& tile, int max_col, int max_pe);
double intra_tile_ns(const config::HwConfig& hw, int max_col, int max_pe);

/// Bits of one partial-sum word leaving a tile's adder tree (ADC bits + joint growth).
int partial_sum_bits(const config::HwConfig& hw, int max_pe);

}  // namespace imc::mapping::timing
