// SPDX-License-Identifier: MIT
#include "cli/interrupt.h"

#include <csignal>

namespace imc::cli {
namespace {

// The one piece of process-wide state: a signal handler can only reach a global.
std::atomic<bool> g_stop_requested{false};

extern "C" void on_interrupt(int) {
  g_stop_requested = true;
  std::signal(SIGINT, SIG_DFL);  // the second one kills the process
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace

const std::atomic<bool>& stop_requested() { return g_stop_requested; }

InterruptScope::InterruptScope() {
  g_stop_requested = false;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

InterruptScope::~InterruptScope() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace imc::cli
