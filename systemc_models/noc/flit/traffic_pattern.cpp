// SPDX-License-Identifier: MIT
// The synthetic patterns, each BookSim's definition.
#include "systemc_models/noc/flit/traffic_pattern.h"

#include <stdexcept>

namespace imc::sim::flit {
namespace {

int nodes_of(const TrafficShape& s) { return s.rows * s.cols; }

/// log2 of the node count, which must be a power of two.
int bits_of(const TrafficShape& s, const char* pattern) {
  const int n = nodes_of(s);
  if (n < 2 || (n & (n - 1)) != 0)
    throw std::invalid_argument(std::string("traffic '") + pattern +
                                "' needs a power-of-two node count, the mesh has " + std::to_string(n));
  int bits = 0;
  while ((1 << bits) < n) ++bits;
  return bits;
}

void require_square(const TrafficShape& s, const char* pattern) {
  if (s.rows != s.cols)
    throw std::invalid_argument(std::string("traffic '") + pattern + "' needs a square mesh (KxK), not " +
                                std::to_string(s.cols) + "x" + std::to_string(s.rows));
}

template <class F>
class Pattern : public TrafficPattern {
 public:
  explicit Pattern(F f) : m_f(std::move(f)) {}
  int dest(int source, TrafficRng& rng) const override { return m_f(source, rng); }

 private:
  F m_f;
};

template <class F>
std::unique_ptr<TrafficPattern> pattern(F f) {
  return std::make_unique<Pattern<F>>(std::move(f));
}

std::unique_ptr<TrafficPattern> uniform(const TrafficShape& s) {
  const int n = nodes_of(s);  // BookSim's uniform includes the source itself
  return pattern([n](int, TrafficRng& rng) { return rng.below(n); });
}

std::unique_ptr<TrafficPattern> transpose(const TrafficShape& s) {
  const int bits = bits_of(s, "transpose");
  if (bits % 2) throw std::invalid_argument("traffic 'transpose' needs an even power of two nodes");
  const int shift = bits / 2, lo = (1 << shift) - 1, hi = lo << shift;
  return pattern([=](int src, TrafficRng&) { return ((src >> shift) & lo) | ((src << shift) & hi); });
}

std::unique_ptr<TrafficPattern> bitcomp(const TrafficShape& s) {
  const int mask = (1 << bits_of(s, "bitcomp")) - 1;
  return pattern([mask](int src, TrafficRng&) { return ~src & mask; });
}

std::unique_ptr<TrafficPattern> bitrev(const TrafficShape& s) {
  const int bits = bits_of(s, "bitrev");
  return pattern([bits](int src, TrafficRng&) {
    int out = 0;
    for (int b = 0; b < bits; ++b, src >>= 1) out = (out << 1) | (src & 1);
    return out;
  });
}

std::unique_ptr<TrafficPattern> shuffle(const TrafficShape& s) {
  const int n = 1 << bits_of(s, "shuffle");
  return pattern([n](int src, TrafficRng&) {
    const int shifted = src << 1;
    return (shifted & (n - 1)) | ((shifted & n) ? 1 : 0);
  });
}

/// A digit permutation: each coordinate moves by `offset` modulo k.
std::unique_ptr<TrafficPattern> digit_shift(const TrafficShape& s, const char* name, int offset) {
  require_square(s, name);
  const int k = s.cols;
  return pattern([k, offset](int src, TrafficRng&) {
    const int col = src % k, row = src / k;
    return (col + offset) % k + k * ((row + offset) % k);
  });
}

std::unique_ptr<TrafficPattern> tornado(const TrafficShape& s) {
  return digit_shift(s, "tornado", (s.cols + 1) / 2 - 1);
}
std::unique_ptr<TrafficPattern> neighbor(const TrafficShape& s) { return digit_shift(s, "neighbor", 1); }

std::unique_ptr<TrafficPattern> hotspot(const TrafficShape& s) {
  std::vector<int> hot = s.hotspots.empty() ? std::vector<int>{0} : s.hotspots;
  for (int h : hot)
    if (h < 0 || h >= nodes_of(s))
      throw std::invalid_argument("hotspot node " + std::to_string(h) + " is not on the mesh of " +
                                  std::to_string(nodes_of(s)) + " nodes");
  // One hot node takes no draw (as BookSim's).
  return pattern([hot](int, TrafficRng& rng) {
    return hot.size() == 1 ? hot[0] : hot[static_cast<size_t>(rng.below(static_cast<int>(hot.size())))];
  });
}

}  // namespace

const TrafficRegistry& traffic_registry() {
  static const TrafficRegistry registry = [] {
    TrafficRegistry r("traffic pattern");
    r.add("uniform", uniform);
    r.add("transpose", transpose);
    r.add("bitcomp", bitcomp);
    r.add("bitrev", bitrev);
    r.add("shuffle", shuffle);
    r.add("tornado", tornado);
    r.add("neighbor", neighbor);
    r.add("hotspot", hotspot);
    return r;
  }();
  return registry;
}

}  // namespace imc::sim::flit
