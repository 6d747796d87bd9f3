// SPDX-License-Identifier: MIT
#include "nas/train/device/ir_drop.h"

namespace imc::nas {
namespace {

/// Sums from each index to the end along `dim`.
torch::Tensor suffix_sum(const torch::Tensor& x, int64_t dim) { return x.flip(dim).cumsum(dim).flip(dim); }

}  // namespace

torch::Tensor ir_drop_factors(const torch::Tensor& siemens, double r_ohm) {
  const int64_t rows = siemens.dim() - 2, cols = siemens.dim() - 1;
  const torch::Tensor k_col = suffix_sum(siemens.cumsum(rows), rows);
  const torch::Tensor k_row = suffix_sum(siemens, cols).cumsum(cols);
  return (1 - r_ohm * (k_col + k_row)).clamp(0, 1);
}

}  // namespace imc::nas
