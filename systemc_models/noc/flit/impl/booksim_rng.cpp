// SPDX-License-Identifier: MIT
// BookSim 2's generators (its rng.c and rng-double.c: Knuth's), drawn where BookSim draws: an
// injection trial takes a fraction (RandomFloat), a uniform destination an integer modulo the
// node count (RandomInt), and every packet made one more integer (BookSim picks its
// subnetwork, RandomInt(subnets - 1), even with one subnetwork).
#include <array>
#include <cstdint>

#include "systemc_models/noc/flit/traffic_rng.h"

namespace imc::sim::flit::rngs {
namespace {

/// Integers mod 2^30, the lag combining by subtraction (Knuth's ran_array).
struct Integers {
  using Value = int64_t;
  static constexpr int64_t kModulus = int64_t{1} << 30;
  static Value combine(Value a, Value b) { return (a - b) & (kModulus - 1); }
  /// The first 100 entries of the seeding buffer: a 29-bit cyclic shift of (seed + 2), one of
  /// them made odd.
  static void bootstrap(int64_t seed, Value* x, int n) {
    int64_t s = (seed + 2) & (kModulus - 2);
    for (int j = 0; j < n; ++j) {
      x[j] = s;
      s <<= 1;
      if (s >= kModulus) s -= kModulus - 2;
    }
    ++x[1];
  }
};

/// Fractions mod 1, the lag combining by addition (Knuth's ranf_array).
struct Fractions {
  using Value = double;
  static Value combine(Value a, Value b) {
    const double s = a + b;
    return s >= 1.0 ? s - 1.0 : s;
  }
  /// As Integers', in units of 2^-52: a 51-bit cyclic shift, one entry made "odd" by one unit.
  static void bootstrap(int64_t seed, Value* x, int n) {
    const double unit = 0x1.0p-52;
    double s = 2.0 * unit * static_cast<double>((seed & 0x3fffffff) + 2);
    for (int j = 0; j < n; ++j) {
      x[j] = s;
      s += s;
      if (s >= 1.0) s -= 1.0 - 2 * unit;
    }
    x[1] += unit;
  }
};

/// Knuth's lagged-Fibonacci generator (The Art of Computer Programming, vol. 2, 3.6, from the
/// 9th printing on): x[j] = x[j - 100] op x[j - 37], seeded as there so that seeds give
/// streams at least 2^70 apart. Numbers are handed out as BookSim's ran_next does: the first
/// 100 of each batch of 1009 generated (the recommended quality).
template <class Field>
class LaggedFibonacci {
  using Value = typename Field::Value;
  static constexpr int kLong = 100, kShort = 37, kBatch = 1009, kSeparationBits = 70;

 public:
  explicit LaggedFibonacci(int64_t seed) { seed_with(seed); }
  Value next() {
    if (m_used == kLong) fill(m_batch.data(), kBatch), m_used = 0;
    return m_batch[static_cast<size_t>(m_used++)];
  }

 private:
  /// Writes n >= kLong numbers to out and moves the state past them.
  void fill(Value* out, int n) {
    int j = 0;
    for (; j < kLong; ++j) out[j] = m_state[static_cast<size_t>(j)];
    for (; j < n; ++j) out[j] = Field::combine(out[j - kLong], out[j - kShort]);
    int i = 0;
    for (; i < kShort; ++i, ++j) m_state[static_cast<size_t>(i)] = Field::combine(out[j - kLong], out[j - kShort]);
    for (; i < kLong; ++i, ++j)
      m_state[static_cast<size_t>(i)] = Field::combine(out[j - kLong], m_state[static_cast<size_t>(i - kShort)]);
  }
  /// The state is z^(2^70 (seed mod 2^30)) in the generator's polynomial ring, computed by
  /// squaring and multiplying by z, then warmed up.
  void seed_with(int64_t seed) {
    std::array<Value, 2 * kLong - 1> x{};
    Field::bootstrap(seed, x.data(), kLong);
    int64_t bits = seed & ((int64_t{1} << 30) - 1);
    for (int t = kSeparationBits - 1; t > 0;) {
      for (int k = kLong - 1; k > 0; --k)
        x[static_cast<size_t>(2 * k)] = x[static_cast<size_t>(k)], x[static_cast<size_t>(2 * k - 1)] = 0;
      for (int k = 2 * kLong - 2; k >= kLong; --k) {
        Value& a = x[static_cast<size_t>(k - (kLong - kShort))];
        a = Field::combine(a, x[static_cast<size_t>(k)]);
        Value& b = x[static_cast<size_t>(k - kLong)];
        b = Field::combine(b, x[static_cast<size_t>(k)]);
      }
      if (bits & 1) {
        for (int k = kLong; k > 0; --k) x[static_cast<size_t>(k)] = x[static_cast<size_t>(k - 1)];
        x[0] = x[kLong];
        x[kShort] = Field::combine(x[kShort], x[kLong]);
      }
      if (bits != 0)
        bits >>= 1;
      else
        --t;
    }
    int k = 0;
    for (; k < kShort; ++k) m_state[static_cast<size_t>(k + kLong - kShort)] = x[static_cast<size_t>(k)];
    for (; k < kLong; ++k) m_state[static_cast<size_t>(k - kShort)] = x[static_cast<size_t>(k)];
    for (int warm = 0; warm < 10; ++warm) fill(x.data(), 2 * kLong - 1);
  }

  std::array<Value, kLong> m_state{};
  std::array<Value, kBatch> m_batch{};
  int m_used = kLong;  ///< of the batch's first kLong: all used, fill again
};

class BookSimRng : public TrafficRng {
 public:
  explicit BookSimRng(uint64_t seed)
      : m_integers(static_cast<int64_t>(seed)), m_fractions(static_cast<int64_t>(seed)) {}
  double uniform() override { return m_fractions.next(); }
  int below(int n) override { return static_cast<int>(m_integers.next() % n); }
  void packet_made() override { m_integers.next(); }

 private:
  LaggedFibonacci<Integers> m_integers;
  LaggedFibonacci<Fractions> m_fractions;
};

}  // namespace

std::unique_ptr<TrafficRng> make_booksim(uint64_t seed) { return std::make_unique<BookSimRng>(seed); }

}  // namespace imc::sim::flit::rngs
