// SPDX-License-Identifier: MIT
#include "explore/study/run_directory.h"

#include "explore/study/study_db.h"

namespace imc::explore {
namespace {

namespace fs = std::filesystem;

const char* database_name(RunKind kind) {
  switch (kind) {
    case RunKind::Search:
      return "study.db";
    case RunKind::Sweep:
      return "sweep.db";
    case RunKind::Supernet:
      return "supernet.toml";
  }
  return "";
}
const char* noun(RunKind kind) {
  return kind == RunKind::Search ? "study" : kind == RunKind::Sweep ? "sweep" : "supernet";
}
const char* command(RunKind kind) {
  return kind == RunKind::Search ? "search" : kind == RunKind::Sweep ? "sweep" : "supernet train";
}

bool exists_or_link(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type() != fs::file_type::not_found && !ec;
}

/// Refuses a directory that already holds a run: of this kind (continue it) or of the other.
void refuse_taken(const fs::path& dir, RunKind kind) {
  if (exists_or_link(dir / database_name(kind)) || (kind == RunKind::Sweep && exists_or_link(dir / "sweep.csv")))
    throw std::invalid_argument(dir.string() + " already holds a " + noun(kind) + ": continue it with --resume " +
                                dir.string() + ", or choose another --name");
  for (RunKind other : {RunKind::Search, RunKind::Sweep, RunKind::Supernet}) {
    if (other == kind || !exists_or_link(dir / database_name(other))) continue;
    throw std::invalid_argument(dir.string() + " holds a " + noun(other) + " (" + database_name(other) + "); a " +
                                command(kind) + " needs a run directory of its own: choose another --name");
  }
}

/// A run directory is a real directory: a planted link would take the run's files elsewhere.
void refuse_link(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_symlink(dir, ec))
    throw StudyError(dir.string() +
                     " is a symbolic link; imcnas keeps a run in a directory of its own, never "
                     "through a link: remove it or choose another --name");
}

}  // namespace

RunDirectory::RunDirectory(RunLock lock, fs::path dir, RunKind kind)
    : m_lock(std::move(lock)), m_dir(std::move(dir)), m_kind(kind) {}

RunDirectory RunDirectory::create(const std::string& runs_dir, const std::string& name, RunKind kind) {
  const fs::path dir = fs::path(runs_dir) / name;
  refuse_link(dir);
  refuse_taken(dir, kind);
  fs::create_directories(dir);
  RunLock lock(dir.string(), command(kind));
  refuse_taken(dir, kind);  // a run started at the same moment may have created it
  return RunDirectory(std::move(lock), dir, kind);
}

RunDirectory RunDirectory::resume(const std::string& dir, RunKind kind) {
  refuse_link(dir);
  if (!fs::exists(fs::path(dir) / database_name(kind)))
    throw StudyError(dir + ": no " + database_name(kind) + " here; is it " +
                     (kind == RunKind::Search  ? "a run directory?"
                      : kind == RunKind::Sweep ? "a sweep's run directory?"
                                               : "a supernet's run directory (imcnas supernet train)?"));
  RunLock lock(dir, command(kind));
  refuse_planted(dir);
  return RunDirectory(std::move(lock), dir, kind);
}

std::string RunDirectory::database() const { return file(database_name(m_kind)); }

void RunDirectory::refuse_planted(const fs::path& dir) {
  for (const fs::path& d : {dir, dir / "plots", dir / "models"}) {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(d, ec))) {
      if (d != dir && exists_or_link(d))
        throw StudyError(d.string() + " is not a directory (a link or a file); imcnas keeps a run's " +
                         d.filename().string() + " in a directory of its own: remove it and run again");
      continue;
    }
    for (const fs::directory_entry& e : fs::directory_iterator(d, ec)) {
      const fs::file_type t = e.symlink_status(ec).type();
      if (t == fs::file_type::regular || (t == fs::file_type::directory && d == dir)) continue;
      if (t == fs::file_type::directory && d == dir / "models") continue;  // models/trial-N/
      throw StudyError(
          e.path().string() + " is " +
          (t == fs::file_type::symlink ? std::string("a symbolic link") : std::string("not a regular file")) +
          "; imcnas neither reads nor writes through it: remove it and run again");
    }
  }
}

std::string RunDirectory::file(const std::string& name) const {
  const fs::path p = m_dir / name;
  std::error_code ec;
  const fs::file_status s = fs::symlink_status(p, ec);
  if (s.type() != fs::file_type::not_found && s.type() != fs::file_type::regular)
    throw StudyError(
        p.string() + " is not a regular file (" +
        (s.type() == fs::file_type::symlink ? std::string("a symbolic link") : std::string("a special file")) +
        "); imcnas neither reads nor writes it: remove it and run again");
  return p.string();
}

}  // namespace imc::explore
