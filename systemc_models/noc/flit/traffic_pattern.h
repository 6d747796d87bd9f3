// SPDX-License-Identifier: MIT
// Synthetic traffic patterns with BookSim 2's definitions (traffic.cpp): the destination of
// each packet from a source node (numbered as BookSim: node = column + cols * row). Variants
// are registered by name; the bit permutations need a power-of-two node count (transpose an
// even power), the digit permutations a square mesh, as in BookSim.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "configs/registry.h"
#include "systemc_models/noc/flit/traffic_rng.h"

namespace imc::sim::flit {

class TrafficPattern {
 public:
  virtual ~TrafficPattern() = default;
  virtual int dest(int source, TrafficRng& rng) const = 0;
};

/// The mesh a pattern is made for, and the hotspot pattern's hot nodes.
struct TrafficShape {
  int rows = 0, cols = 0;
  std::vector<int> hotspots;
};

/// Makes a pattern; throws std::invalid_argument when the mesh does not suit it.
using TrafficFactory = std::function<std::unique_ptr<TrafficPattern>(const TrafficShape&)>;
using TrafficRegistry = config::Registry<TrafficFactory>;
const TrafficRegistry& traffic_registry();

}  // namespace imc::sim::flit
