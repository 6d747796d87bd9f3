// SPDX-License-Identifier: MIT
#include "systemc_models/pe/crossbar_math.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "configs/crossbar_geometry.h"

namespace imc::sim {

std::vector<int64_t> exact_mvm(const WeightMatrix& w, const std::vector<int>& x) {
  std::vector<int64_t> y(static_cast<size_t>(w.cols), 0);
  for (int r = 0; r < w.rows; ++r)
    for (int c = 0; c < w.cols; ++c) y[static_cast<size_t>(c)] += int64_t(w.at(r, c)) * x[static_cast<size_t>(r)];
  return y;
}

int64_t adc_full_scale(int rows, const CrossbarArithmetic& cfg) {
  return int64_t(rows) * ((int64_t(1) << cfg.cell_bits) - 1) * ((int64_t(1) << cfg.dac_bits) - 1);
}

std::vector<double> crossbar_mvm(const WeightMatrix& w, const std::vector<int>& x, const CrossbarArithmetic& cfg) {
  if (static_cast<int>(x.size()) != w.rows)
    throw std::invalid_argument("input has " + std::to_string(x.size()) + " values, crossbar has " +
                                std::to_string(w.rows) + " rows");
  const int magnitude_bits = config::magnitude_bits(cfg.weight_bits);
  const int64_t max_weight = (int64_t(1) << magnitude_bits) - 1;
  const int64_t max_input = (int64_t(1) << cfg.input_bits) - 1;
  for (int v : w.values)
    if (std::llabs(v) > max_weight) throw std::invalid_argument("weight " + std::to_string(v) + " out of range");
  for (int v : x)
    if (v < 0 || v > max_input) throw std::invalid_argument("input " + std::to_string(v) + " out of range");

  const int slices = config::weight_slices(cfg.weight_bits, cfg.cell_bits);
  const int steps = (cfg.input_bits + cfg.dac_bits - 1) / cfg.dac_bits;
  const int64_t cell_mask = (int64_t(1) << cfg.cell_bits) - 1;
  const int64_t dac_mask = (int64_t(1) << cfg.dac_bits) - 1;
  const double range = cfg.adc_range > 0 ? cfg.adc_range : double(adc_full_scale(w.rows, cfg));
  const double top = double((int64_t(1) << (cfg.adc_bits - 1)) - 1);  // signed: analog subtraction first
  const double lsb = range > top ? range / top : 1.0;

  std::vector<double> codes(static_cast<size_t>(w.cols), 0.0);  // shifted and added
  for (int slice = 0; slice < slices; ++slice) {
    const int weight_shift = slice * cfg.cell_bits;
    for (int step = 0; step < steps; ++step) {
      const int input_shift = step * cfg.dac_bits;
      for (int c = 0; c < w.cols; ++c) {
        int64_t current = 0;  // positive minus negative crossbar, in units of one cell level x one DAC level
        for (int r = 0; r < w.rows; ++r) {
          const int v = w.at(r, c);
          const int64_t level = (std::llabs(v) >> weight_shift) & cell_mask;
          const int64_t in = (int64_t(x[static_cast<size_t>(r)]) >> input_shift) & dac_mask;
          current += (v < 0 ? -level : level) * in;
        }
        const double code = std::clamp(std::nearbyint(double(current) / lsb), -top, top);  // the ADC (ties to even)
        codes[static_cast<size_t>(c)] += std::ldexp(code, weight_shift + input_shift);     // shift-and-add
      }
    }
  }
  std::vector<double> y;
  for (double sum : codes) y.push_back(sum * lsb);
  return y;
}

}  // namespace imc::sim
