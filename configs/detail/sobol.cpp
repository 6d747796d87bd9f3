// SPDX-License-Identifier: MIT
#include "configs/detail/sobol.h"

#include <array>
#include <random>
#include <stdexcept>

namespace imc::config::detail {
namespace {

constexpr int kBits = 32;

/// Joe and Kuo's primitive polynomials (degree s, coefficients a) and initial m_i, dimensions 2-21.
struct Direction {
  int s;
  uint32_t a;
  std::array<uint32_t, 8> m;
};
constexpr std::array<Direction, kMaxSobolDimensions - 1> kDirections{{
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
}};

/// V_k = m_k 2^(32-k): the direction numbers of one dimension (0: the van der Corput sequence).
std::array<uint32_t, kBits> direction_numbers(int dim) {
  std::array<uint32_t, kBits> v{};
  if (dim == 0) {
    for (int k = 0; k < kBits; ++k) v[k] = uint32_t{1} << (kBits - 1 - k);
    return v;
  }
  const Direction& d = kDirections[static_cast<size_t>(dim - 1)];
  for (int k = 0; k < d.s && k < kBits; ++k) v[k] = d.m[static_cast<size_t>(k)] << (kBits - 1 - k);
  for (int k = d.s; k < kBits; ++k) {
    v[k] = v[k - d.s] ^ (v[k - d.s] >> d.s);
    for (int i = 1; i < d.s; ++i)
      if ((d.a >> (d.s - 1 - i)) & 1u) v[k] ^= v[k - i];
  }
  return v;
}

}  // namespace

std::vector<std::vector<double>> sobol_points(int dims, int64_t count, uint64_t shift_seed, bool shift) {
  if (dims < 1 || dims > kMaxSobolDimensions)
    throw std::invalid_argument("Sobol points need 1 to " + std::to_string(kMaxSobolDimensions) + " dimensions");
  std::vector<std::array<uint32_t, kBits>> v;
  std::vector<uint32_t> x(static_cast<size_t>(dims), 0);
  std::mt19937_64 rng(shift_seed);
  for (int j = 0; j < dims; ++j) {
    v.push_back(direction_numbers(j));
    if (shift) x[static_cast<size_t>(j)] = static_cast<uint32_t>(rng());
  }
  std::vector<std::vector<double>> out;
  for (int64_t n = 0; n < count; ++n) {
    std::vector<double> p;
    for (uint32_t xj : x) p.push_back(static_cast<double>(xj) / 4294967296.0);
    out.push_back(std::move(p));
    int c = 0;  // the lowest zero bit of n selects the direction number (Gray-code order)
    while ((static_cast<uint64_t>(n) >> c) & 1u) ++c;
    if (c >= kBits) break;
    for (int j = 0; j < dims; ++j) x[static_cast<size_t>(j)] ^= v[static_cast<size_t>(j)][static_cast<size_t>(c)];
  }
  return out;
}

}  // namespace imc::config::detail
