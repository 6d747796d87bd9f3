// SPDX-License-Identifier: MIT
// The arithmetic of one PE, in plain C++ (no kernel, no time): signed weights
// bit-sliced onto a positive and a negative crossbar, inputs streamed
// bit-serially through the DACs, column currents subtracted in the analog domain
// and digitized by the ADC, then shift-and-add. The timing model does not call
// this; accuracy studies on the mapped hardware do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace imc::sim {

struct CrossbarArithmetic {
  int weight_bits = 9;  ///< including the sign bit
  int cell_bits = 1;    ///< bits per cell
  int input_bits = 9;   ///< unsigned activations
  int dac_bits = 1;     ///< input bits per crossbar read
  int adc_bits = 8;     ///< signed ADC on the differential column current
  /// The column current (in cell levels x DAC levels) that maps to the ADC's top code; larger
  /// currents clip. 0: the full scale of the rows, which never clips.
  double adc_range = 0;
};

/// A weight matrix, row-major: rows = inputs, cols = outputs (as the crossbar holds it).
struct WeightMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<int> values;  ///< |value| < 2^(weight_bits-1)
  int at(int r, int c) const { return values[static_cast<size_t>(r) * cols + c]; }
};

/// y = W^T x in exact integer arithmetic (the reference).
std::vector<int64_t> exact_mvm(const WeightMatrix& w, const std::vector<int>& x);

/// The same product as the crossbar computes it. Equal to exact_mvm whenever one
/// read's full-scale column sum fits the ADC; otherwise each read is quantized to
/// the ADC's levels (an LSB of range / top code, never below one current unit), and the
/// digital side adds the codes, shifted, and scales the sum by the LSB once.
/// Throws std::invalid_argument on out-of-range operands.
std::vector<double> crossbar_mvm(const WeightMatrix& w, const std::vector<int>& x, const CrossbarArithmetic& cfg);

/// Largest column sum of one read: rows x max cell level x max DAC level.
int64_t adc_full_scale(int rows, const CrossbarArithmetic& cfg);

}  // namespace imc::sim
