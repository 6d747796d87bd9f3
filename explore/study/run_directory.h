// SPDX-License-Identifier: MIT
// runs/NAME: the directory of one run, a search's study or a sweep. One type does what both
// commands need: refuse a name already taken by a run of either kind, create and lock a new
// run, lock an existing one to continue it, and refuse what was planted there (a symlinked
// directory, a link or a non-regular file where the run's files go).
#pragma once

#include <filesystem>
#include <string>

#include "explore/study/run_lock.h"

namespace imc::explore {

enum class RunKind { Search, Sweep, Supernet };

class RunDirectory {
 public:
  /// A new run NAME under `runs_dir`: refused when the directory holds a run of either kind
  /// (or is a link); created, locked, and checked again under the lock (a run started at the
  /// same moment may have taken it).
  static RunDirectory create(const std::string& runs_dir, const std::string& name, RunKind kind);
  /// The run in `dir`, to continue: its database must be there; locked.
  static RunDirectory resume(const std::string& dir, RunKind kind);

  const std::filesystem::path& path() const { return m_dir; }
  /// The path of the run's file `name`; throws StudyError when something other than a regular
  /// file (a link, a FIFO, a directory) stands there.
  std::string file(const std::string& name) const;
  /// The run's database: study.db, sweep.db, or a supernet's supernet.toml (its config).
  std::string database() const;
  /// Throws StudyError when the run directory `dir`, or its plots/ or models/, holds a link or a
  /// special file (a FIFO would block a reader; a link would take writes or deletions outside).
  static void refuse_planted(const std::filesystem::path& dir);

 private:
  RunDirectory(RunLock lock, std::filesystem::path dir, RunKind kind);
  RunLock m_lock;  ///< first member: held until everything else is released
  std::filesystem::path m_dir;
  RunKind m_kind;
};

}  // namespace imc::explore
