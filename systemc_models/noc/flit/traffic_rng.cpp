// SPDX-License-Identifier: MIT
#include "systemc_models/noc/flit/traffic_rng.h"

namespace imc::sim::flit {

namespace rngs {
std::unique_ptr<TrafficRng> make_mt19937(uint64_t seed);
std::unique_ptr<TrafficRng> make_booksim(uint64_t seed);
}  // namespace rngs

const TrafficRngRegistry& traffic_rng_registry() {
  static const TrafficRngRegistry registry = [] {
    TrafficRngRegistry r("traffic random generator");
    r.add("mt19937", rngs::make_mt19937);
    r.add("booksim", rngs::make_booksim);
    return r;
  }();
  return registry;
}

}  // namespace imc::sim::flit
