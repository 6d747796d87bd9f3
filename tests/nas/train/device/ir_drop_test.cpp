// SPDX-License-Identifier: MIT
// IR drop to first order: the vectorized factors against their definition, and the effective
// conductances against the exact solution of the resistive network.
#include "nas/train/device/ir_drop.h"

#include <gtest/gtest.h>

namespace imc::nas {
namespace {

TEST(IrDrop, TheFactorsFollowTheirDefinitionCellByCell) {
  torch::manual_seed(5);
  const int rows = 7, cols = 5;
  const torch::Tensor g = torch::rand({2, rows, cols}, torch::kDouble) * 1e-4;
  const double r = 0.3;
  const torch::Tensor f = ir_drop_factors(g, r);
  auto at = [&](int s, int i, int j) { return g[s][i][j].item<double>(); };
  for (int s = 0; s < 2; ++s)
    for (int r0 = 0; r0 < rows; ++r0)
      for (int c0 = 0; c0 < cols; ++c0) {
        double k_col = 0, k_row = 0;
        for (int seg = r0; seg < rows; ++seg)
          for (int i = 0; i <= seg; ++i) k_col += at(s, i, c0);
        for (int seg = 0; seg <= c0; ++seg)
          for (int j = seg; j < cols; ++j) k_row += at(s, r0, j);
        EXPECT_NEAR(f[s][r0][c0].item<double>(), std::clamp(1 - r * (k_col + k_row), 0.0, 1.0), 1e-12);
      }
  EXPECT_EQ(ir_drop_factors(torch::full({3, 3}, 1.0, torch::kDouble), 10).min().item<double>(), 0.0);  // clamped
}

/// Column currents of a crossbar with wire segments of `r` ohms, solved exactly (nodal analysis):
/// row wires driven by `v` at column 0, columns into virtual-ground ADCs below the last row.
torch::Tensor exact_column_currents(const torch::Tensor& g, const torch::Tensor& v, double r) {
  const int rows = static_cast<int>(g.size(0)), cols = static_cast<int>(g.size(1));
  const int n = 2 * rows * cols;  // row-wire node (i, j), then column-wire node (i, j)
  auto row_node = [&](int i, int j) { return i * cols + j; };
  auto col_node = [&](int i, int j) { return rows * cols + i * cols + j; };
  torch::Tensor a = torch::zeros({n, n}, torch::kDouble), b = torch::zeros({n}, torch::kDouble);
  const double w = 1 / r;
  auto link = [&](int p, int q, double c) {
    a[p][p] += c;
    a[q][q] += c;
    a[p][q] -= c;
    a[q][p] -= c;
  };
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      link(row_node(i, j), col_node(i, j), g[i][j].item<double>());
      if (j + 1 < cols) link(row_node(i, j), row_node(i, j + 1), w);
      if (i + 1 < rows) link(col_node(i, j), col_node(i + 1, j), w);
    }
  for (int i = 0; i < rows; ++i) {  // the driver: v through one segment into column 0
    a[row_node(i, 0)][row_node(i, 0)] += w;
    b[row_node(i, 0)] += w * v[i].item<double>();
  }
  for (int j = 0; j < cols; ++j) a[col_node(rows - 1, j)][col_node(rows - 1, j)] += w;  // into the ADC at 0 V
  const torch::Tensor x = torch::linalg_solve(a, b);
  torch::Tensor out = torch::empty({cols}, torch::kDouble);
  for (int j = 0; j < cols; ++j) out[j] = x[col_node(rows - 1, j)] * w;
  return out;
}

// On a 12 x 6 crossbar of 10-100 kOhm cells, the first-order model's error against the exact
// network is second order: at drops of 0.5 to 1 % it is within 2 % of the drop, and it halves faster than
// the drop when the resistance halves.
TEST(IrDrop, FirstOrderAgreesWithTheExactNetworkToSecondOrder) {
  torch::manual_seed(9);
  const torch::Tensor g = 1e-5 + torch::rand({12, 6}, torch::kDouble) * 9e-5;
  const torch::Tensor v = torch::rand({12}, torch::kDouble) * 0.2;
  const torch::Tensor ideal = v.matmul(g);
  double previous_error = 0;
  for (double r : {2.0, 1.0}) {
    const torch::Tensor exact = exact_column_currents(g, v, r);
    const torch::Tensor first = v.matmul(g * ir_drop_factors(g, r));
    const double drop = ((ideal - exact).abs() / ideal).max().item<double>();
    const double error = ((first - exact).abs() / ideal).max().item<double>();
    EXPECT_GT(drop, 1e-3) << r;  // the wires matter
    EXPECT_LT(error, 0.02 * drop) << "r = " << r << ": drop " << drop << ", first-order error " << error;
    if (previous_error > 0) EXPECT_LT(error, 0.3 * previous_error);
    previous_error = error;
  }
}

}  // namespace
}  // namespace imc::nas
