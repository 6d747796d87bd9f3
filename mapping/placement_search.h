// SPDX-License-Identifier: MIT
// placement = "optimized": the placement that minimizes the analytic latency.
// Starts from the best of the curves and the greedy placements, then improves it
// by local search (moving or swapping single tiles), scored by the cost model.
#pragma once

#include "mapping/mapping.h"

namespace imc::mapping {

/// Re-places the tiles of a finished mapping to lower its analytic latency;
/// deterministic. `evaluations` bounds the cost-model runs of the local search.
void optimize_placement(Mapping& m, int evaluations);

}  // namespace imc::mapping
