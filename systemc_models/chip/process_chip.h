// SPDX-License-Identifier: MIT
// The one-chip-per-process rule, in one place. SystemC elaborates one design per process and
// cannot remove it, so the first user elaborates the chip and every later user shares it when
// it can run their hardware (structure_mismatch), or gets a SimulationError saying who
// elaborated it and why it cannot. The state mirrors the SystemC kernel's own per-process
// state; the search, sweeps, `imcnas simulate` and Python's Simulator all come through here.
#pragma once

#include <string>

#include "configs/hw_config.h"
#include "systemc_models/chip/chip.h"

namespace imc::sim {

/// The chip of this process: elaborated for `hw` (with `options`) on the first call, shared
/// afterwards. `user` names the caller in errors ("a Python Simulator", "a sweep"). The chip lives
/// to the end of the process: SystemC 2.3 tears modules down in quadratic time. Thread-safe.
Chip& process_chip(const config::HwConfig& hw, const std::string& user, const ChipOptions& options = {});

}  // namespace imc::sim
