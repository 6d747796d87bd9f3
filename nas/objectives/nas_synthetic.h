// SPDX-License-Identifier: MIT
// The synthetic NAS benchmark of ../shared/bench/nas-synthetic (nasspace.py),
// ported exactly: the seed paper's space plus three global parameters, and a
// deterministic proxy objective with a known optimum (0.30125). No training.
#pragma once

#include "nas/space/search_space.h"

namespace imc::nas::synthetic {

/// n_blocks (int 3..8), type_i / k_i (categorical; blocks 3..7 only when n_blocks > i),
/// bits, xbar (categorical), lr (log-float 1e-4..1e-1): Optuna's define-by-run order.
SearchSpace space();

struct Metrics {
  double accuracy = 0;
  double energy = 0;
  double latency = 0;  ///< pipeline stages
};

Metrics metrics(const Point& p);
/// (1 - acc) + 0.08 log10(energy / 1e6) + 0.015 latency.
double loss(const Point& p);

}  // namespace imc::nas::synthetic
