// SPDX-License-Identifier: MIT
#include "mapping/cost_model.h"

#include <algorithm>
#include <cmath>

namespace imc::mapping {
namespace {

using workloads::LayerKind;

int ceil_div(int a, int b) { return (a + b - 1) / b; }
int ceil_log2(int n) { return n <= 1 ? 0 : static_cast<int>(std::ceil(std::log2(n))); }

/// One buffer access of `bytes`: whole bus-width words at access_time each.
double buffer_ns(const config::HwConfig& hw, double bytes) {
  return std::ceil(bytes * 8.0 / hw.buffer.bus_width_bits - 1e-9) * hw.buffer.access_time_ns;
}

/// Bits over a link of `gbps`: ns.
double link_ns(double bits, double gbps) { return bits / gbps; }

/// MVM cycles of one pixel: input bits through the DACs, rows and columns time-multiplexed.
int mvm_cycles(const config::HwConfig& hw, const CrossbarLayout& x) {
  return ceil_div(hw.quantization.activation_bits, hw.dac.bits) * ceil_div(x.max_row, hw.pe.dac_count) *
         ceil_div(x.max_col, hw.pe.adc_count);
}

PixelTime crossbar_pixel(const Mapping& m, const LayerMapping& l, PixelPosition pos) {
  const config::HwConfig& hw = m.hw;
  const CrossbarLayout& x = l.xbar;
  const double act = hw.quantization.activation_bits;
  const double clock_ns = 1000.0 / hw.chip.digital_clock_mhz;
  const int mt = mvm_cycles(hw, x);
  const int joint = ceil_log2(l.max_pe);
  const int col_rounds = ceil_div(x.max_col, hw.pe.adc_count);
  PixelTime t;
  t.xbar_ns = mt * hw.crossbar.read_latency_ns;
  t.dac_ns = mt * (hw.dac.bits + 2) / hw.dac.sample_rate_gsps;
  t.adc_ns = mt * (hw.adc.bits + 2) / hw.adc.sample_rate_gsps;
  const double input_reg = ceil_div(x.max_row, hw.pe.dac_count) * col_rounds * clock_ns + mt * clock_ns;
  const double shift_reg = mt * clock_ns;
  const double output_reg = col_rounds * clock_ns;
  t.digital_ns = input_reg + shift_reg + output_reg + joint * clock_ns;

  // Line buffer: the new input the window needs, then the whole window to the input registers.
  double new_input_bytes = x.max_row * act / 8.0;  // linear: the whole input vector
  if (l.layer.kind() == LayerKind::Conv2d) {
    const int k = l.layer.spec.kernel, s = l.layer.spec.stride, p = l.layer.spec.padding;
    const double channels_per_pe = double(x.max_row) / (k * k);
    double pixels = double(s) * k;
    if (pos == PixelPosition::First) pixels = double(l.layer.in.width) * std::max(k - p - 1, 0) + std::max(k - p, 0);
    if (pos == PixelPosition::FirstColumn) pixels = double(s) * std::max(k - p, 0);
    new_input_bytes = channels_per_pe * pixels * act / 8.0;
  }
  const double output_bytes = (hw.adc.bits + joint) * double(x.max_col) * l.max_pe / 8.0;
  t.buffer_write_ns = buffer_ns(hw, new_input_bytes) + buffer_ns(hw, output_bytes);
  t.buffer_read_ns = buffer_ns(hw, x.max_row * act / 8.0);

  t.intra_tile_ns =
      link_ns((2.0 * (hw.adc.bits + joint) - joint * (joint + 1) / 2.0) * x.max_col, hw.noc.intra_tile_bandwidth_gbps);
  t.merge_ns = buffer_ns(hw, x.max_col * act * l.max_pe / 8.0) +
               l.in_layer_hops * (hw.noc.hop_latency_ns +
                                  link_ns(double(x.max_col) * l.max_pe * act, hw.noc.inter_tile_bandwidth_gbps));
  t.transfer_ns = l.trans_layer_hops * link_ns(double(l.layer.out.channels) * act, hw.noc.inter_tile_bandwidth_gbps);
  return t;
}

PixelTime pooling_pixel(const Mapping& m, const LayerMapping& l) {
  const config::HwConfig& hw = m.hw;
  const double act = hw.quantization.activation_bits;
  const int k = l.layer.spec.kernel, s = l.layer.spec.stride;
  const int c = l.layer.out.channels;
  PixelTime t;
  t.pooling_ns =
      hw.tile.pooling.latency_ns * ceil_div(c, hw.tile.pooling.lanes) * ceil_div(k * k, hw.tile.pooling.window);
  t.buffer_write_ns = buffer_ns(hw, double(c) * s * k * act / 8.0) + buffer_ns(hw, c * act / 8.0);
  t.buffer_read_ns = buffer_ns(hw, double(c) * k * k * act / 8.0) + buffer_ns(hw, c * act / 8.0);
  t.transfer_ns = l.trans_layer_hops * link_ns(c * act, hw.noc.inter_tile_bandwidth_gbps);
  return t;
}

PixelTime accumulator_pixel(const Mapping& m, const LayerMapping& l) {
  const config::HwConfig& hw = m.hw;
  const double bytes = 2.0 * l.layer.out.channels * hw.quantization.activation_bits / 8.0;
  PixelTime t;
  t.accumulator_ns = hw.accumulator.add_latency_ns;
  t.buffer_read_ns = buffer_ns(hw, bytes);
  t.buffer_write_ns = buffer_ns(hw, bytes);
  t.transfer_ns = l.trans_layer_hops *
                  link_ns(l.layer.out.channels * hw.quantization.activation_bits, hw.noc.inter_tile_bandwidth_gbps);
  return t;
}

/// Power of one PE's components (mW), MNSIM's per-PE model.
struct PePower {
  double adc_mw, dac_mw, xbar_mw, digital_mw, buffer_mw;
};

PePower pe_power(const config::HwConfig& hw, const CrossbarLayout& x) {
  const int output_mux = ceil_div(hw.crossbar.cols, hw.pe.adc_count);
  const int input_demux = ceil_div(hw.crossbar.rows, hw.pe.dac_count);
  const double v2 = hw.device.read_activity * hw.device.read_voltage_v * hw.device.read_voltage_v;
  const double f = hw.device.lrs_fraction;
  const double r_ohm = hw.device.hrs_ohm * hw.device.lrs_ohm / ((1 - f) * hw.device.lrs_ohm + f * hw.device.hrs_ohm);
  PePower p;
  p.adc_mw = ceil_div(x.max_col, output_mux) * hw.adc.power_mw;
  p.dac_mw = ceil_div(x.max_row, input_demux) * hw.dac.power_mw;
  p.xbar_mw = 2.0 * x.max_row * x.max_col * v2 / r_ohm / (input_demux * output_mux) * 1e3;  // W -> mW
  p.digital_mw = hw.digital.shift_reg_power_mw + hw.digital.reg_power_mw;
  p.buffer_mw = hw.buffer.active_power_mw + hw.buffer.leakage_power_mw;
  return p;
}

/// Output pixel (row, col) of producer p that output pixel (i, j) of l waits for (MNSIM's rule).
long needed_pixel(const LayerMapping& l, const LayerMapping& p, int i, int j) {
  const int hp = p.layer.out.height, wp = p.layer.out.width;
  if (l.engine == Engine::Accumulator) return long(std::min(i, hp - 1)) * wp + std::min(j, wp - 1);
  const int k = l.layer.spec.kernel, s = l.layer.spec.stride, pad = l.layer.spec.padding;
  int r, c;
  if (k == 1) {
    r = std::min(s * i, hp - 1);
    c = std::min(s * j, wp - 1);
  } else {
    r = std::min(std::max(k - pad, 1) + s * i, hp) - 1;
    c = std::min(std::max(k - pad, 1) + s * j, wp) - 1;
  }
  return long(r) * wp + c;
}

}  // namespace

double PixelTime::total_ns() const {
  return xbar_ns + dac_ns + adc_ns + digital_ns + buffer_read_ns + buffer_write_ns + pooling_ns + accumulator_ns +
         intra_tile_ns + merge_ns + transfer_ns;
}

PixelTime& PixelTime::operator+=(const PixelTime& o) {
  xbar_ns += o.xbar_ns;
  dac_ns += o.dac_ns;
  adc_ns += o.adc_ns;
  digital_ns += o.digital_ns;
  buffer_read_ns += o.buffer_read_ns;
  buffer_write_ns += o.buffer_write_ns;
  pooling_ns += o.pooling_ns;
  accumulator_ns += o.accumulator_ns;
  intra_tile_ns += o.intra_tile_ns;
  merge_ns += o.merge_ns;
  transfer_ns += o.transfer_ns;
  return *this;
}

ComponentEnergy& ComponentEnergy::operator+=(const ComponentEnergy& o) {
  adc_pj += o.adc_pj;
  dac_pj += o.dac_pj;
  xbar_pj += o.xbar_pj;
  digital_pj += o.digital_pj;
  buffer_pj += o.buffer_pj;
  pooling_pj += o.pooling_pj;
  accumulator_pj += o.accumulator_pj;
  noc_pj += o.noc_pj;
  return *this;
}

PixelTime pixel_time(const Mapping& m, const LayerMapping& l, PixelPosition pos) {
  switch (l.engine) {
    case Engine::Crossbar:
      return crossbar_pixel(m, l, pos);
    case Engine::Pooling:
      return pooling_pixel(m, l);
    case Engine::Accumulator:
      return accumulator_pixel(m, l);
  }
  return {};
}

double tile_area_mm2(const config::HwConfig& hw) {
  const double xbar_um2 = double(hw.crossbar.rows) * hw.crossbar.cols * hw.crossbar.cell_area_um2 +
                          hw.crossbar.periphery_area_um2_per_col * hw.crossbar.cols;
  const double pe_um2 = 2 * xbar_um2 + hw.pe.adc_count * hw.adc.area_um2 + hw.pe.dac_count * hw.dac.area_um2;
  return (hw.tile.pes_per_tile * pe_um2 + hw.tile.pooling.area_um2 + hw.tile.buffer_area_um2 +
          hw.tile.digital_area_um2) *
         1e-6;
}

Estimate estimate(const Mapping& m) {
  Estimate e;
  std::vector<std::vector<double>> finish(m.layers.size());
  for (size_t li = 0; li < m.layers.size(); ++li) {
    const LayerMapping& l = m.layers[li];
    LayerEstimate le;
    le.name = l.layer.name();
    const bool single_event = l.layer.kind() == LayerKind::Linear;
    const int rows = single_event ? 1 : l.layer.out.height;
    const int cols = single_event ? 1 : l.layer.out.width;
    le.pixels = long(rows) * cols;

    PixelTime busy;  // summed over pixels
    std::vector<double>& done = finish[li];
    done.resize(static_cast<size_t>(le.pixels));
    double previous = 0;
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < cols; ++j) {
        const PixelPosition pos = (i == 0 && j == 0) ? PixelPosition::First
                                  : j == 0           ? PixelPosition::FirstColumn
                                                     : PixelPosition::Steady;
        double ready = previous;
        for (int p : l.producers) {
          const std::vector<double>& pf = finish[p];
          const LayerMapping& pl = m.layers[p];
          const bool after_all = single_event || pl.layer.kind() == LayerKind::Linear;
          ready = std::max(ready, after_all ? pf.back() : pf[static_cast<size_t>(needed_pixel(l, pl, i, j))]);
        }
        const PixelTime t = pixel_time(m, l, pos);
        if (i == 0 && j == 0) le.start_ns = ready;
        previous = ready + t.total_ns();
        done[static_cast<size_t>(i) * cols + j] = previous;
        busy += t;
      }
    }
    le.finish_ns = previous;
    e.latency_ns = std::max(e.latency_ns, le.finish_ns);

    // Price the busy times: every PE of the layer is charged for every pixel (mW * ns = pJ).
    const config::HwConfig& hw = m.hw;
    const double buffer_ns_total = busy.buffer_read_ns + busy.buffer_write_ns;
    if (l.engine == Engine::Crossbar) {
      const PePower p = pe_power(hw, l.xbar);
      le.energy.adc_pj = l.pes * p.adc_mw * busy.adc_ns;
      le.energy.dac_pj = l.pes * p.dac_mw * busy.dac_ns;
      le.energy.xbar_pj = l.pes * p.xbar_mw * busy.xbar_ns;
      le.energy.digital_pj = l.pes * p.digital_mw * busy.digital_ns;
      le.energy.buffer_pj = l.pes * p.buffer_mw * buffer_ns_total;
      le.peak_power_mw = l.pes * (p.adc_mw + p.dac_mw + p.xbar_mw + p.digital_mw + p.buffer_mw);
    } else if (l.engine == Engine::Pooling) {
      le.energy.pooling_pj = hw.tile.pooling.power_mw * busy.pooling_ns;
      le.energy.buffer_pj = (hw.buffer.active_power_mw + hw.buffer.leakage_power_mw) * buffer_ns_total;
      le.peak_power_mw = hw.tile.pooling.power_mw + hw.buffer.active_power_mw + hw.buffer.leakage_power_mw;
    } else {
      le.energy.accumulator_pj = hw.accumulator.add_power_mw * busy.accumulator_ns;
      le.peak_power_mw = hw.accumulator.add_power_mw;
    }
    e.energy += le.energy;
    e.sum_of_layer_peak_power_mw += le.peak_power_mw;
    e.layers.push_back(le);
  }
  e.mnsim_energy_pj = e.energy.mnsim_comparable_pj();
  e.average_power_mw = e.latency_ns > 0 ? e.energy.total_pj() / e.latency_ns : 0;
  e.tile_area_mm2 = tile_area_mm2(m.hw);
  e.area_mm2 = m.tiles * e.tile_area_mm2;
  return e;
}

}  // namespace imc::mapping
