// SPDX-License-Identifier: MIT
// Runs numbered tasks in N forked worker processes: each worker evaluates one task at a time
// and sends back a string. Workers are forked, so the caller must not have started threads
// (no LibTorch, no elaborated SystemC kernel in the parent): each worker builds its own.
// A worker that dies takes only the task it was running; the others are handed out again
// and a new worker is started (docs/sweep.md, "Workers").
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace imc::explore {

struct ProcessPoolHandlers {
  /// Runs in a worker: the task's result. An exception escaping it ends that worker, which
  /// counts as a death while running the task.
  std::function<std::string(int64_t task)> work;
  /// Runs in the parent, in the order results arrive.
  std::function<void(int64_t task, const std::string& result)> done;
  /// Runs in the parent when the worker died while running `task`: the reason (the signal or
  /// exit status).
  std::function<void(int64_t task, const std::string& reason)> lost;
};

/// Runs every task in `jobs` (>= 1) worker processes. Once `stop` is set, no task is handed
/// out any more; the tasks already running finish and are reported, then it returns.
/// Returns the tasks that were never run (all of them done: empty).
std::vector<int64_t> run_in_processes(int jobs, const std::vector<int64_t>& tasks, const ProcessPoolHandlers& handlers,
                                      const std::atomic<bool>& stop);

}  // namespace imc::explore
