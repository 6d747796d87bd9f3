// SPDX-License-Identifier: MIT
// The random source of a synthetic run (noc bench): the injection trials and the random
// patterns' destinations draw from it. Variants by name (`--rng`): `mt19937` (the default), and
// `booksim`, BookSim 2's own generators drawn in BookSim's order, so that a run with BookSim's
// seed offers the very packets BookSim's run offers (docs/noc.md, "Validation").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "configs/registry.h"

namespace imc::sim::flit {

class TrafficRng {
 public:
  virtual ~TrafficRng() = default;
  /// An injection trial's number, uniform in [0, 1).
  virtual double uniform() = 0;
  /// A destination's number, uniform in [0, n).
  virtual int below(int n) = 0;
  /// Called after each packet is made (its destination drawn): BookSim draws once more there.
  virtual void packet_made() {}
};

using TrafficRngFactory = std::function<std::unique_ptr<TrafficRng>(uint64_t seed)>;
using TrafficRngRegistry = config::Registry<TrafficRngFactory>;
const TrafficRngRegistry& traffic_rng_registry();

}  // namespace imc::sim::flit
