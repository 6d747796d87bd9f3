// SPDX-License-Identifier: MIT
// Helpers for the self-checking SystemC testbenches.
#pragma once

#include <functional>
#include <systemc>

#include "configs/hw_config.h"
#include "tests/test_util.h"

namespace imc::sim::test {

inline config::HwConfig mnsim_hw(const std::vector<std::string>& sets = {}) {
  return config::load_hw_config(imc::test::source_path("configs/hw/mnsim-2024.toml"), config::parse_overrides(sets));
}

inline double now_ns() { return sc_core::sc_time_stamp().to_seconds() * 1e9; }

/// A testbench process: runs `body` as an SC_THREAD (spawned before sc_start).
inline void spawn(const char* name, std::function<void()> body) { sc_core::sc_spawn(std::move(body), name); }

}  // namespace imc::sim::test
