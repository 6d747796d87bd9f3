// SPDX-License-Identifier: MIT
// One process at a time writes a run directory: an exclusive advisory lock
// (flock) on RUN/lock, held for the life of the object. The kernel drops it
// when the process ends, even by kill -9, so a stale lock cannot block a resume.
#pragma once

#include <string>

namespace imc::explore {

class RunLock {
 public:
  /// Locks `run_dir`/lock; throws StudyError naming the holder's pid if another process holds it.
  /// `command` names the kind of run in that message ("search", "sweep").
  explicit RunLock(const std::string& run_dir, const std::string& command = "search");
  ~RunLock();
  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int m_fd = -1;
};

}  // namespace imc::explore
