// SPDX-License-Identifier: MIT
// Worker processes that evaluate tasks: a task is a number and a payload (bytes), its result a
// string. Workers are forked, so the caller must not have started threads (no LibTorch thread
// pool, no elaborated SystemC kernel): each worker builds its own. A worker takes one task at
// a time (plus `depth - 1` queued in its pipe); one that dies takes only the task it was running.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace imc::explore {

/// Runs in a worker: the result of one task. An exception escaping it ends that worker, which
/// counts as a death while running the task.
using WorkFn = std::function<std::string(int64_t task, const std::string& payload)>;

/// What happened to a task.
struct WorkerEvent {
  int64_t task = 0;
  bool done = false;    ///< true: `text` is the result; false: the worker died, `text` says how
  bool started = true;  ///< false: queued behind a task whose worker died; it never ran
  std::string text;
  int worker = 0;  ///< which worker (0-based slot) ran it
};

class WorkerPool {
 public:
  /// Starts `workers` (>= 1) processes. Throws std::runtime_error if this process already runs
  /// other threads (forking it would copy their locks, not the threads).
  WorkerPool(int workers, WorkFn work, size_t depth = 1);
  ~WorkerPool();  ///< ends the workers: their task pipes close and they exit after their task
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return static_cast<int>(m_slots.size()); }
  /// A worker with room for another task, or nullopt. A dead worker is replaced here.
  std::optional<int> free_worker();
  /// Hands `task` to worker `worker` (from free_worker).
  void submit(int worker, int64_t task, const std::string& payload);
  /// Tasks handed out whose event next() has not returned yet.
  size_t pending() const;
  /// How long a worker holding a task may stay stopped before the pool kills it.
  static constexpr double kStoppedLimit_s = 10;
  /// The next result or death, waiting at most `timeout_ms` (nullopt: nothing yet).
  std::optional<WorkerEvent> next(int timeout_ms);
  /// No more tasks: each worker exits once its tasks are done (their results still come).
  void close_tasks();
  /// Whether every worker has exited and every event was returned.
  bool finished() const;

 private:
  struct Slot {
    int pid = -1;
    int task_fd = -1;
    int result_fd = -1;
    std::deque<int64_t> outstanding;
    std::string buffer;
    double stopped_since_s = -1;  ///< when a liveness check first found it stopped (-1: running)
    std::string killed_because;   ///< why the pool killed it, for its task's event
  };
  /// Kills a worker that holds tasks but has been stopped (SIGSTOP, a debugger) for longer than
  /// the limit: the run would otherwise wait for it forever, Ctrl-C included.
  void kill_stopped_workers();
  void spawn(size_t slot);
  void reap(size_t slot);

  /// A dead worker's pipe must be an error, not a kill: SIGPIPE is ignored while the pool lives.
  struct IgnoreSigpipe {
    IgnoreSigpipe();
    ~IgnoreSigpipe();
    void (*old)(int) = nullptr;
  };

  IgnoreSigpipe m_ignore_sigpipe;
  WorkFn m_work;
  size_t m_depth;
  bool m_closed = false;
  std::vector<Slot> m_slots;
  std::deque<WorkerEvent> m_events;
};

/// True when this process runs no thread but the main one (Linux: /proc/self/task).
bool single_threaded();

}  // namespace imc::explore
