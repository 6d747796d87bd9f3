// SPDX-License-Identifier: MIT
// The PE arithmetic without the kernel: bit slicing, bit-serial inputs, ADC.
#include "systemc_models/pe/crossbar_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace imc::sim {
namespace {

WeightMatrix random_weights(int rows, int cols, int max_abs, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(-max_abs, max_abs);
  WeightMatrix w{rows, cols, {}};
  for (int i = 0; i < rows * cols; ++i) w.values.push_back(d(rng));
  return w;
}

std::vector<int> random_inputs(int n, int max, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(0, max);
  std::vector<int> x;
  for (int i = 0; i < n; ++i) x.push_back(d(rng));
  return x;
}

TEST(CrossbarMath, HandComputedTwoByTwo) {
  // W = [[3, -2], [1, 4]] (rows = inputs), x = [5, 2]: y = [3*5 + 1*2, -2*5 + 4*2] = [17, -2].
  const WeightMatrix w{2, 2, {3, -2, 1, 4}};
  const std::vector<int> x{5, 2};
  EXPECT_EQ(exact_mvm(w, x), (std::vector<int64_t>{17, -2}));
  const std::vector<double> y = crossbar_mvm(w, x, CrossbarArithmetic{});
  EXPECT_DOUBLE_EQ(y[0], 17);
  EXPECT_DOUBLE_EQ(y[1], -2);
}

TEST(CrossbarMath, ExactWhenTheAdcCoversTheColumnSum) {
  // 1-bit cells, 1-bit DAC, 100 rows: full scale 100 <= 127 levels of a signed 8-bit ADC.
  const CrossbarArithmetic cfg;  // 9-bit weights and inputs, the MNSIM preset
  const WeightMatrix w = random_weights(100, 16, 255, 1);
  const std::vector<int> x = random_inputs(100, 511, 2);
  const std::vector<int64_t> exact = exact_mvm(w, x);
  const std::vector<double> y = crossbar_mvm(w, x, cfg);
  for (size_t c = 0; c < exact.size(); ++c) EXPECT_DOUBLE_EQ(y[c], double(exact[c])) << "column " << c;
}

TEST(CrossbarMath, MultiBitCellsAndDacsStayExactWithinAdcRange) {
  CrossbarArithmetic cfg;
  cfg.cell_bits = 2;
  cfg.dac_bits = 2;
  cfg.adc_bits = 10;  // full scale 32 rows * 3 * 3 = 288 <= 511
  const WeightMatrix w = random_weights(32, 8, 255, 3);
  const std::vector<int> x = random_inputs(32, 511, 4);
  const std::vector<int64_t> exact = exact_mvm(w, x);
  const std::vector<double> y = crossbar_mvm(w, x, cfg);
  for (size_t c = 0; c < exact.size(); ++c) EXPECT_DOUBLE_EQ(y[c], double(exact[c]));
}

TEST(CrossbarMath, AdcQuantizationErrorIsBoundedByHalfAnLsbPerRead) {
  CrossbarArithmetic cfg;
  cfg.adc_bits = 6;  // 31 levels for a full scale of 256: an LSB of 256/31
  const WeightMatrix w = random_weights(256, 8, 255, 5);
  const std::vector<int> x = random_inputs(256, 511, 6);
  const std::vector<int64_t> exact = exact_mvm(w, x);
  const std::vector<double> y = crossbar_mvm(w, x, cfg);
  const double lsb = 256.0 / 31;
  // Each of 8 weight slices x 9 input bits is rounded once, weighted by its shift.
  const double bound = 0.5 * lsb * (std::pow(2.0, 8) - 1) * (std::pow(2.0, 9) - 1);
  bool any_error = false;
  for (size_t c = 0; c < exact.size(); ++c) {
    EXPECT_LE(std::abs(y[c] - double(exact[c])), bound);
    any_error = any_error || y[c] != double(exact[c]);
  }
  EXPECT_TRUE(any_error) << "a 6-bit ADC on 256 rows must lose information";
}

TEST(CrossbarMath, RejectsOperandsOutOfRange) {
  const WeightMatrix w{1, 1, {256}};  // 9-bit signed weights hold |w| <= 255
  EXPECT_THROW(crossbar_mvm(w, {1}, CrossbarArithmetic{}), std::invalid_argument);
  const WeightMatrix ok{1, 1, {1}};
  EXPECT_THROW(crossbar_mvm(ok, {512}, CrossbarArithmetic{}), std::invalid_argument);
  EXPECT_THROW(crossbar_mvm(ok, {1, 2}, CrossbarArithmetic{}), std::invalid_argument);
}

}  // namespace
}  // namespace imc::sim
