// SPDX-License-Identifier: MIT
// IR drop on a crossbar's wires, to first order in the wire resistance (docs/accuracy.md).
// Inputs drive the rows from column 0; each column sinks into its ADC below the last row; every
// wire segment between two neighbouring cells has resistance R. The drop a cell sees is linear in
// the inputs to first order in R, so it folds into an effective conductance:
//   G_eff(r, c) = G(r, c) · (1 − R · (K_col(r, c) + K_row(r, c))), clamped to [0, G],
//   K_col(r, c) = Σ_{s ≥ r} Σ_{i ≤ s} G(i, c)   (column wire: segment s carries rows 0..s),
//   K_row(r, c) = Σ_{k ≤ c} Σ_{j ≥ k} G(r, j)   (row wire: segment k feeds columns k..).
// Valid while R · K stays small (a few per cent); beyond that it overstates the drop.
#pragma once

#include <torch/torch.h>

namespace imc::nas {

/// 1 − R · (K_col + K_row), clamped to [0, 1], for the conductances `siemens` (... x rows x
/// cols, the last two dimensions one crossbar) and the segment resistance `r_ohm`.
torch::Tensor ir_drop_factors(const torch::Tensor& siemens, double r_ohm);

}  // namespace imc::nas
