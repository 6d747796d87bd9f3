// SPDX-License-Identifier: MIT
// A sweep on disk (runs/NAME/sweep.db): the sweep's config and one row per evaluated (network,
// hardware point), committed in small batches, so that an interrupted or killed sweep resumes
// where it stopped (docs/sweep.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "configs/overrides.h"
#include "explore/study/input_fingerprints.h"
#include "explore/study/sqlite_file.h"

namespace imc::explore {

/// One evaluated (network, hardware point) of a sweep.
struct SweepResult {
  int64_t index = 0;  ///< network * design points + point: the place in the design
  std::string network;
  std::vector<config::Override> point;  ///< one value per axis
  bool feasible = true;
  std::string reason;                     ///< why not: the config, mapping or simulation error
  std::map<std::string, double> metrics;  ///< units in the names (docs/sweep.md)
};

struct SweepMeta {
  std::string name;
  std::string config_text;             ///< the sweep TOML as given
  std::string config_path;             ///< where it was (relative paths in it resolve from there)
  std::vector<std::string> overrides;  ///< the --set k=v it was started with
  int64_t total_points = 0;            ///< networks x design points
};

class SweepDb {
 public:
  /// Creates a new sweep file; fails if the file exists.
  static SweepDb create(const std::string& path, const SweepMeta& meta);
  /// Opens an existing sweep; a study, a corrupt file or another program's database is a StudyError.
  static SweepDb open(const std::string& path);

  const SweepMeta& meta() const { return m_meta; }
  const std::string& path() const { return m_file.path(); }

  /// Records results in one transaction (a result recorded again replaces the old one).
  void record(const std::vector<SweepResult>& results);
  /// Every recorded result, in design order.
  std::vector<SweepResult> results() const;

  /// The inputs the run was computed from (input_fingerprints.h); empty for a file made before
  /// they were recorded.
  std::vector<InputFingerprint> inputs() const { return recorded_inputs(m_file); }
  void record_inputs(const std::vector<InputFingerprint>& inputs) { explore::record_inputs(m_file, inputs); }

 private:
  SweepDb(SqliteFile file, SweepMeta meta);

  SqliteFile m_file;
  SweepMeta m_meta;
};

}  // namespace imc::explore
