// SPDX-License-Identifier: MIT
// Sobol' low-discrepancy points in [0, 1)^d, d <= 21, with Joe and Kuo's direction numbers
// (new-joe-kuo-6.21201; S. Joe and F. Y. Kuo, SIAM J. Sci. Comput. 30, 2635-2654, 2008), in
// Gray-code order, optionally with a random digital shift (an XOR per dimension drawn from a
// seed), which keeps the net's balance while giving each seed its own points.
#pragma once

#include <cstdint>
#include <vector>

namespace imc::config::detail {

constexpr int kMaxSobolDimensions = 21;

/// `count` points of `dims` dimensions. Throws std::invalid_argument beyond kMaxSobolDimensions.
std::vector<std::vector<double>> sobol_points(int dims, int64_t count, uint64_t shift_seed, bool shift);

}  // namespace imc::config::detail
