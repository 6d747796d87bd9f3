// SPDX-License-Identifier: MIT
// The default generator: the 64-bit Mersenne twister, with the conversions written out so that
// a seed gives the same numbers on every standard library.
#include <random>

#include "systemc_models/noc/flit/traffic_rng.h"

namespace imc::sim::flit::rngs {
namespace {

class Mt19937Rng : public TrafficRng {
 public:
  explicit Mt19937Rng(uint64_t seed) : m_engine(seed) {}
  double uniform() override { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
  int below(int n) override { return static_cast<int>(uniform() * n); }

 private:
  std::mt19937_64 m_engine;
};

}  // namespace

std::unique_ptr<TrafficRng> make_mt19937(uint64_t seed) { return std::make_unique<Mt19937Rng>(seed); }

}  // namespace imc::sim::flit::rngs
