// SPDX-License-Identifier: MIT
// The analytic, contention-free cost model (MNSIM 2.0's equations): latency of
// the per-output-pixel pipeline, energy per component, power, area.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mapping/mapping.h"
#include "mapping/pipeline.h"

namespace imc::mapping {

/// Time of one output pixel of one layer, by component (ns).
struct PixelTime {
  double xbar_ns = 0;
  double dac_ns = 0;
  double adc_ns = 0;
  double digital_ns = 0;        ///< input/output registers, shift-add, joint
  double input_buffer_ns = 0;   ///< line buffer (pooling: tile input buffer) write + read
  double output_buffer_ns = 0;  ///< tile output buffer (accumulator: global buffer) accesses
  double pooling_ns = 0;
  double accumulator_ns = 0;
  double intra_tile_ns = 0;
  double merge_ns = 0;       ///< output-buffer read + partial sums over in-layer hops
  double transfer_ns = 0;    ///< results to the consumer over trans-layer hops
  double activation_ns = 0;  ///< the activation units, for layers with fused activations other than ReLU
  double total_ns() const;
  PixelTime& operator+=(const PixelTime& o);
};

/// The time of one output pixel on copy `copy` of the weights (its own hops).
PixelTime pixel_time(const Mapping& m, const LayerMapping& l, PixelPosition pos, int copy = 0);

/// Power of one PE's components while busy (mW), MNSIM's per-PE model: only the
/// converters and cells a layer's crossbar layout uses draw power.
struct PePower {
  double adc_mw = 0, dac_mw = 0, xbar_mw = 0, digital_mw = 0, input_buffer_mw = 0, output_buffer_mw = 0;
};
PePower pe_power(const config::HwConfig& hw, const CrossbarLayout& x);

/// A tile's adder (joint) tree while it joins the partial sums of layer `l`'s PEs: MNSIM's
/// JointModule count, (max_pe - 1) x ceil(max_col / output_mux) adders of digital.adder_power_mw.
double adder_tree_mw(const config::HwConfig& hw, const LayerMapping& l);

/// Every component of every PE of the layer busy at once (mW).
double layer_peak_power_mw(const config::HwConfig& hw, const LayerMapping& l);

/// Energy of one layer by component (pJ).
struct ComponentEnergy {
  double adc_pj = 0;
  double dac_pj = 0;
  double xbar_pj = 0;
  double digital_pj = 0;
  double buffer_pj = 0;
  double pooling_pj = 0;
  double adder_pj = 0;        ///< the tiles' adder trees; not in MNSIM's total
  double accumulator_pj = 0;  ///< not in MNSIM's total
  double noc_pj = 0;          ///< bit-hops and merge reads; not in MNSIM's total
  double activation_pj = 0;   ///< activation units (sigmoid, hard_swish, ...); not in MNSIM's total
  double mnsim_comparable_pj() const { return adc_pj + dac_pj + xbar_pj + digital_pj + buffer_pj + pooling_pj; }
  double total_pj() const { return mnsim_comparable_pj() + adder_pj + accumulator_pj + noc_pj + activation_pj; }
  /// Every part with the name reports print it under, in report order: the one list of parts.
  std::vector<std::pair<const char*, double>> parts() const;
  ComponentEnergy& operator+=(const ComponentEnergy& o);
  ComponentEnergy& operator*=(double factor);
};

struct LayerEstimate {
  std::string name;
  long pixels = 0;
  double start_ns = 0;
  double finish_ns = 0;
  ComponentEnergy energy;
  double peak_power_mw = 0;  ///< every component of every PE of the layer at once
};

struct Estimate {
  double latency_ns = 0;
  ComponentEnergy energy;                 ///< summed over layers
  double mnsim_energy_pj = 0;             ///< the subtotal MNSIM reports
  double average_power_mw = 0;            ///< energy / latency
  double sum_of_layer_peak_power_mw = 0;  ///< what MNSIM prints as "power"
  double area_mm2 = 0;
  double tile_area_mm2 = 0;
  std::vector<LayerEstimate> layers;  ///< parallel to Mapping::layers
};

/// Area of one tile (mm2) from the component areas of the config.
double tile_area_mm2(const config::HwConfig& hw);

/// Runs the pipeline rule over every output pixel and prices the busy times.
Estimate estimate(const Mapping& m);

}  // namespace imc::mapping
