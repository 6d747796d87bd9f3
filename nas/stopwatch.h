// SPDX-License-Identifier: MIT
// Wall-clock seconds since a start point: the search's stage timings and the trainer's.
#pragma once

#include <chrono>

namespace imc::nas {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace imc::nas
