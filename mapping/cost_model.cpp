// SPDX-License-Identifier: MIT
#include "mapping/cost_model.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "configs/crossbar_geometry.h"
#include "mapping/pricing.h"
#include "mapping/schedule.h"
#include "mapping/timing.h"
#include "mapping/traffic.h"

namespace imc::mapping {
namespace {

using timing::buffer_access_ns;
using timing::link_ns;

PixelTime crossbar_pixel(const config::HwConfig& hw, const LayerMapping& l, const PixelWork& w, int in_hops) {
  const timing::MvmTime mvm = timing::mvm_time(hw, l.xbar.max_row, l.xbar.max_col, l.max_pe, l.input_bits);
  PixelTime t;
  t.xbar_ns = mvm.xbar_ns;
  t.dac_ns = mvm.dac_ns;
  t.adc_ns = mvm.adc_ns;
  t.digital_ns = mvm.digital_ns;
  t.input_buffer_ns =
      buffer_access_ns(hw.buffer, w.input_write_bytes) + buffer_access_ns(hw.buffer, w.input_read_bytes);
  t.output_buffer_ns = buffer_access_ns(hw.buffer, w.output_write_bytes);
  t.intra_tile_ns = timing::intra_tile_ns(hw, l.xbar.max_col, l.max_pe);
  t.merge_ns = buffer_access_ns(hw.buffer, w.merge_read_bytes) +
               in_hops * (hw.noc.hop_latency_ns + link_ns(w.merge_bits, hw.noc.inter_tile_bandwidth_gbps));
  return t;
}

PixelTime pooling_pixel(const config::HwConfig& hw, const LayerMapping& l, const PixelWork& w) {
  PixelTime t;
  t.pooling_ns = timing::pooling_ns(hw, l.layer.out.channels, l.layer.spec.kernel);
  t.input_buffer_ns =
      buffer_access_ns(hw.buffer, w.input_write_bytes) + buffer_access_ns(hw.buffer, w.input_read_bytes);
  t.output_buffer_ns =
      buffer_access_ns(hw.buffer, w.output_write_bytes) + buffer_access_ns(hw.buffer, w.output_read_bytes);
  return t;
}

PixelTime accumulator_pixel(const config::HwConfig& hw, const LayerMapping& l, const PixelWork& w) {
  PixelTime t;
  t.accumulator_ns = hw.accumulator.latency_ns(accumulator_op(l));
  t.output_buffer_ns = 2 * buffer_access_ns(hw.buffer, w.global_buffer_bytes);  // operands in, sum out
  return t;
}

/// What the analytic model counts of a layer, summed over instances as the chip counts them:
/// `busy` sums one PE's (one tile's) pixel times, so PE components stand for the copy's PEs and
/// the adder tree for its tiles; `noc` and `merge_read_ns` are the layer's summed traffic.
LayerCounters analytic_counts(const LayerMapping& l, const PixelTime& busy, const ComponentCount& noc,
                              const FlitActions& flit, double merge_read_ns) {
  LayerCounters c;
  switch (l.engine) {
    case Engine::Crossbar: {
      const double pes = l.pes_per_replica();
      c[Component::Xbar].busy_ns = pes * busy.xbar_ns;
      c[Component::Dac].busy_ns = pes * busy.dac_ns;
      c[Component::Adc].busy_ns = pes * busy.adc_ns;
      c[Component::Digital].busy_ns = pes * busy.digital_ns;
      c[Component::InputBuffer].busy_ns = pes * busy.input_buffer_ns;
      c[Component::OutputBuffer].busy_ns = pes * busy.output_buffer_ns;
      c[Component::IntraTile].busy_ns = l.tiles_per_replica() * busy.intra_tile_ns;
      c[Component::MergeRead].busy_ns = merge_read_ns;
      break;
    }
    case Engine::Pooling:
      c[Component::Pooling].busy_ns = busy.pooling_ns;
      c[Component::InputBuffer].busy_ns = busy.input_buffer_ns;
      c[Component::OutputBuffer].busy_ns = busy.output_buffer_ns;
      break;
    case Engine::Accumulator:
      c[Component::Accumulator].busy_ns = busy.accumulator_ns;
      c[Component::GlobalBuffer].busy_ns = busy.output_buffer_ns;
      break;
  }
  c[Component::Noc] = noc;
  c.flit = flit;
  if (!l.activations.empty()) {
    c[Component::Activation].busy_ns = busy.activation_ns;
    c[Component::Activation].actions = static_cast<uint64_t>(pixel_grid(l).count()) * l.layer.out.channels;
  }
  return c;
}

}  // namespace

double PixelTime::total_ns() const {
  return xbar_ns + dac_ns + adc_ns + digital_ns + input_buffer_ns + output_buffer_ns + pooling_ns + accumulator_ns +
         intra_tile_ns + merge_ns + transfer_ns + activation_ns;
}

PixelTime& PixelTime::operator+=(const PixelTime& o) {
  xbar_ns += o.xbar_ns;
  dac_ns += o.dac_ns;
  adc_ns += o.adc_ns;
  digital_ns += o.digital_ns;
  input_buffer_ns += o.input_buffer_ns;
  output_buffer_ns += o.output_buffer_ns;
  pooling_ns += o.pooling_ns;
  accumulator_ns += o.accumulator_ns;
  intra_tile_ns += o.intra_tile_ns;
  merge_ns += o.merge_ns;
  transfer_ns += o.transfer_ns;
  activation_ns += o.activation_ns;
  return *this;
}

namespace {
/// The parts of ComponentEnergy, in report order, with their report names.
struct EnergyPart {
  const char* name;
  double ComponentEnergy::*field;
};
constexpr EnergyPart kEnergyParts[] = {
    {"adc", &ComponentEnergy::adc_pj},          {"dac", &ComponentEnergy::dac_pj},
    {"crossbar", &ComponentEnergy::xbar_pj},    {"digital", &ComponentEnergy::digital_pj},
    {"buffer", &ComponentEnergy::buffer_pj},    {"pooling", &ComponentEnergy::pooling_pj},
    {"adder_tree", &ComponentEnergy::adder_pj}, {"accumulator", &ComponentEnergy::accumulator_pj},
    {"noc", &ComponentEnergy::noc_pj},          {"activation", &ComponentEnergy::activation_pj},
};
}  // namespace

std::vector<std::pair<const char*, double>> ComponentEnergy::parts() const {
  std::vector<std::pair<const char*, double>> out;
  for (const EnergyPart& p : kEnergyParts) out.emplace_back(p.name, this->*p.field);
  return out;
}

ComponentEnergy& ComponentEnergy::operator+=(const ComponentEnergy& o) {
  for (const EnergyPart& p : kEnergyParts) this->*p.field += o.*p.field;
  return *this;
}

ComponentEnergy& ComponentEnergy::operator*=(double factor) {
  for (const EnergyPart& p : kEnergyParts) this->*p.field *= factor;
  return *this;
}

PePower pe_power(const config::HwConfig& hw, const CrossbarLayout& x) {
  const int output_mux = timing::ceil_div(hw.crossbar.cols, hw.pe.adc_count);
  const int input_demux = timing::ceil_div(hw.crossbar.rows, hw.pe.dac_count);
  const double v2 = hw.device.read_activity * hw.device.read_voltage_v * hw.device.read_voltage_v;
  const double f = hw.device.lrs_fraction;
  const double r_ohm = hw.device.hrs_ohm * hw.device.lrs_ohm / ((1 - f) * hw.device.lrs_ohm + f * hw.device.hrs_ohm);
  PePower p;
  p.adc_mw = timing::ceil_div(x.max_col, output_mux) * hw.adc.power_mw;
  p.dac_mw = timing::ceil_div(x.max_row, input_demux) * hw.dac.power_mw;
  p.xbar_mw = double(config::kCrossbarsPerPe) * x.max_row * x.max_col * v2 / r_ohm / (input_demux * output_mux) *
              1e3;  // W -> mW
  p.digital_mw = hw.digital.shift_reg_power_mw + hw.digital.reg_power_mw;
  p.input_buffer_mw = hw.buffer.input_power_mw + hw.buffer.leakage_power_mw;
  p.output_buffer_mw = hw.buffer.output_power_mw + hw.buffer.leakage_power_mw;
  return p;
}

double adder_tree_mw(const config::HwConfig& hw, const LayerMapping& l) {
  const int output_mux = timing::ceil_div(hw.crossbar.cols, hw.pe.adc_count);
  return double(l.max_pe - 1) * timing::ceil_div(l.xbar.max_col, output_mux) * hw.digital.adder_power_mw;
}

PixelTime pixel_time(const Mapping& m, const LayerMapping& l, PixelPosition pos, int copy) {
  const bool per_copy = copy < static_cast<int>(l.copy_in_hops.size());
  const int in_hops = per_copy ? l.copy_in_hops[static_cast<size_t>(copy)] : l.in_layer_hops;
  const int trans_hops = per_copy ? l.copy_trans_hops[static_cast<size_t>(copy)] : l.trans_layer_hops;
  const PixelWork w = pixel_work(m, l, pos);  // residual adds ignore the position
  PixelTime t;
  switch (l.engine) {
    case Engine::Crossbar:
      t = crossbar_pixel(m.hw, l, w, in_hops);
      break;
    case Engine::Pooling:
      t = pooling_pixel(m.hw, l, w);
      break;
    case Engine::Accumulator:
      t = accumulator_pixel(m.hw, l, w);
      break;
  }
  t.transfer_ns = trans_hops * link_ns(w.transfer_bits, m.hw.noc.inter_tile_bandwidth_gbps);
  t.activation_ns = timing::activation_ns(m.hw.activation, l.layer.out.channels, l.activations.size());
  return t;
}

double layer_peak_power_mw(const config::HwConfig& hw, const LayerMapping& l) {
  const PePower p = pe_power(hw, l.xbar);
  switch (l.engine) {
    case Engine::Crossbar:
      return l.pes * (p.adc_mw + p.dac_mw + p.xbar_mw + p.digital_mw + p.input_buffer_mw + p.output_buffer_mw);
    case Engine::Pooling:
      return hw.tile.pooling.power_mw + p.input_buffer_mw + p.output_buffer_mw;
    case Engine::Accumulator:
      return hw.accumulator.power_mw(accumulator_op(l));
  }
  return 0;
}

double tile_area_mm2(const config::HwConfig& hw) {
  const double xbar_um2 = double(hw.crossbar.rows) * hw.crossbar.cols * hw.crossbar.cell_area_um2 +
                          hw.crossbar.periphery_area_um2_per_col * hw.crossbar.cols;
  const double pe_um2 =
      config::kCrossbarsPerPe * xbar_um2 + hw.pe.adc_count * hw.adc.area_um2 + hw.pe.dac_count * hw.dac.area_um2;
  return (hw.tile.pes_per_tile * pe_um2 + hw.tile.pooling.area_um2 + hw.tile.buffer_area_um2 +
          hw.tile.digital_area_um2) *
         1e-6;
}

Estimate estimate(const Mapping& m) {
  Estimate e;
  const std::vector<LayerSchedule> schedule = schedule_pipeline(m);
  for (size_t li = 0; li < m.layers.size(); ++li) {
    const LayerMapping& l = m.layers[li];
    const LayerSchedule& s = schedule[li];
    LayerEstimate le;
    le.name = l.layer.name();
    le.pixels = pixel_grid(l).count();
    le.start_ns = s.start_ns;
    le.finish_ns = s.finish_ns;
    e.latency_ns = std::max(e.latency_ns, le.finish_ns);
    // Every PE of one copy of the weights is charged for every pixel; a pixel runs on one copy only.
    le.energy = price(m.hw, l, analytic_counts(l, s.busy, s.noc, s.flit, s.merge_read_ns));
    le.peak_power_mw = layer_peak_power_mw(m.hw, l);
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
