// SPDX-License-Identifier: MIT
// Ctrl-C and SIGTERM during a long command (search, sweep): the first asks it to stop, keeping
// everything finished; the second kills the process.
#pragma once

#include <atomic>

namespace imc::cli {

/// Set by the first Ctrl-C or SIGTERM while an InterruptScope is alive.
const std::atomic<bool>& stop_requested();

/// Installs the handlers (and clears the request) for its lifetime; restores the defaults after.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
};

}  // namespace imc::cli
