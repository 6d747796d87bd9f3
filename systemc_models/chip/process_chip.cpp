// SPDX-License-Identifier: MIT
#include "systemc_models/chip/process_chip.h"

#include <mutex>

namespace imc::sim {

Chip& process_chip(const config::HwConfig& hw, const std::string& user, const ChipOptions& options) {
  struct Elaborated {
    std::mutex mutex;
    Chip* chip = nullptr;
    std::string user;
  };
  static Elaborated elaborated;  // as per-process as the SystemC kernel it mirrors
  const std::lock_guard<std::mutex> lock(elaborated.mutex);
  if (!elaborated.chip) {
    elaborated.chip = new Chip("chip", hw, options);
    elaborated.user = user;
    return *elaborated.chip;
  }
  if (auto why = elaborated.chip->cannot_run(hw))
    throw SimulationError("SystemC elaborates once per process, and this process's chip (elaborated for " +
                          elaborated.user + ") cannot run " + user + "'s config: " + *why +
                          ". Use a new process (in Python, e.g. multiprocessing) for another chip.");
  return *elaborated.chip;
}

}  // namespace imc::sim
