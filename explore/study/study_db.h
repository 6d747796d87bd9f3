// SPDX-License-Identifier: MIT
// A study on disk: SQLite in WAL mode, one row per trial. A trial is committed
// when it starts (state running) and again when it ends, so a killed search
// loses no finished trial and knows which one was cut short.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "explore/study/input_fingerprints.h"
#include "explore/study/sqlite_file.h"

namespace imc::explore {

/// A trial's parameters by name (categorical: the index of the choice); the search space's
/// Point (nas/space/search_space.h) is this type.
using Params = std::map<std::string, double>;

struct StudyMeta {
  std::string name;
  std::string config_text;  ///< the search config the study was started with
  std::string sampler;
  uint64_t seed = 0;
  std::string config_path;             ///< where that config was (relative paths in it resolve from there)
  std::vector<std::string> overrides;  ///< the --set k=v it was started with
};

enum class TrialState { Running, Complete, Failed, Infeasible, Abandoned, Pruned };
const char* trial_state_name(TrialState s);
/// The state a name stands for; a StudyError for an unknown name.
TrialState parse_trial_state(const std::string& name);

struct TrialRecord {
  int64_t number = 0;  ///< 0-based, in the order trials were asked
  TrialState state = TrialState::Running;
  Params params;
  std::map<std::string, double> metrics;        ///< every metric, units in the names
  std::optional<double> fitness;                ///< the scalar the sampler minimizes (or maximizes)
  std::map<std::string, double> stage_seconds;  ///< build, map, simulate, train, ...
  uint64_t seed = 0;
  std::string error;                      ///< why it failed or was infeasible
  std::string worker;                     ///< who ran it: "" in one process, "worker 1", "rank 3"
  std::map<int, double> intermediate;     ///< validation accuracy after each epoch trained (pruning)
  std::optional<int64_t> cached_from;     ///< seen before: the trial whose result this one repeats
  bool rejected_before_training = false;  ///< a hardware constraint rejected it before training
};

/// A trial's point trained again from scratch (the best of a one-shot search, whose trials were
/// scored by a supernet): with another seed, at the study's budget.
struct RetrainRecord {
  int64_t trial = 0;
  uint64_t seed = 0;
  std::map<std::string, double> metrics;
  std::optional<double> fitness;  ///< none when it failed
  std::string error;
};

/// The metrics as reports and Python show them: a cached trial's also carry `cached_from_trial`,
/// the column trials.csv and Python's `metrics` have had since before the flag was a field.
std::map<std::string, double> shown_metrics(const TrialRecord& t);

class StudyDb {
 public:
  /// Creates a new study file; fails if the file exists.
  static StudyDb create(const std::string& path, const StudyMeta& meta);
  /// Opens an existing study; a corrupt file or another program's database is a StudyError.
  static StudyDb open(const std::string& path);
  /// Opens it to read only (Python's Study.open): works on a read-only file system; recording a
  /// trial through it fails.
  static StudyDb open_read_only(const std::string& path);

  const StudyMeta& meta() const { return m_meta; }
  const std::string& path() const { return m_file.path(); }

  /// Records a trial as running (on `worker`, if another process runs it); returns its number,
  /// which is also its place in the order trials were asked.
  int64_t begin_trial(const Params& params, uint64_t seed, const std::string& worker = "");
  /// Records how a running trial ended: every field of `t` but its params, seed and worker
  /// (recorded by begin_trial).
  void finish_trial(const TrialRecord& t);
  /// The same from its fields, for a trial neither cached nor rejected.
  void finish_trial(int64_t number, TrialState state, const std::map<std::string, double>& metrics,
                    std::optional<double> fitness, const std::map<std::string, double>& stage_seconds,
                    const std::string& error = "", const std::map<int, double>& intermediate = {});
  /// Records (or replaces) one retraining of a trial.
  void record_retrained(const RetrainRecord& r);
  /// Every retraining, by trial and seed.
  std::vector<RetrainRecord> retrained() const;
  /// Trials left running by a killed process become Abandoned; returns how many.
  int abandon_running();
  std::vector<TrialRecord> trials() const;

  /// The inputs the run was computed from (input_fingerprints.h); empty for a file made before
  /// they were recorded.
  std::vector<InputFingerprint> inputs() const { return recorded_inputs(m_file); }
  void record_inputs(const std::vector<InputFingerprint>& inputs) { explore::record_inputs(m_file, inputs); }

 private:
  StudyDb(SqliteFile file, StudyMeta meta);
  /// Reads the study's metadata from an open file.
  static StudyDb read(SqliteFile file, const std::string& path);

  SqliteFile m_file;
  StudyMeta m_meta;
};

}  // namespace imc::explore
