// SPDX-License-Identifier: MIT
// mapping.replication = "balance": weight replication for throughput balancing.
#pragma once

#include "mapping/mapping.h"

namespace imc::mapping {

/// Gives extra copies of their weights to the conv layers with the most work per copy
/// (output pixels x contention-free pixel time / copies), one copy at a time, while
/// `free_tiles` last and the slowest layer has fewer than hw.mapping.max_replicas.
/// Multiplies the layers' pes and tiles; returns the tiles it used.
int balance_replicas(Mapping& m, int free_tiles);

}  // namespace imc::mapping
