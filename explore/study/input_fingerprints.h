// SPDX-License-Identifier: MIT
// What a run was computed from, so that a resume on other inputs is refused instead of mixing
// two chips in one study (a sweep gave rows 0-649 at 3.09 ms and rows 650-1999 at 8.43 ms in
// one sweep.csv). Each input is fingerprinted: a file read as text by its content, a dataset
// file by its size and modification time. Stored in the run's database, table `inputs`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "configs/search_config.h"
#include "configs/sweep_config.h"
#include "explore/study/sqlite_file.h"

namespace imc::explore {

struct InputFingerprint {
  std::string role;         ///< "hardware config", "data config", "dataset file", "network"
  std::string path;         ///< as the run names it (absolute for files)
  std::string fingerprint;  ///< "fnv1a64 <hex>, <n> bytes" or "<n> bytes, modified <time>"
};

/// The inputs of a search (hardware config, data config, dataset files) and of a sweep
/// (hardware config, network files); the run's own config is stored whole already.
std::vector<InputFingerprint> search_inputs(const config::SearchConfig& cfg);
std::vector<InputFingerprint> sweep_inputs(const config::SweepConfig& cfg);

/// Replaces the inputs recorded in `file` (creating the table in files made before it existed).
void record_inputs(const SqliteFile& file, const std::vector<InputFingerprint>& inputs);
/// The inputs recorded in `file`; empty for a file made before inputs were recorded.
std::vector<InputFingerprint> recorded_inputs(const SqliteFile& file);
/// One line per input that differs: changed, missing now, or new.
std::vector<std::string> changed_inputs(const std::vector<InputFingerprint>& recorded,
                                        const std::vector<InputFingerprint>& now);

/// Before a resume of the run in `run_dir`: nothing when its inputs are as recorded. Otherwise a
/// StudyError listing what changed, unless `accept` (then the message, to print, and the caller
/// records the new inputs). A file made before inputs were recorded gets them now, with a note.
std::optional<std::string> check_resume_inputs(const std::vector<InputFingerprint>& recorded,
                                               const std::vector<InputFingerprint>& now, const std::string& run_dir,
                                               bool accept);

}  // namespace imc::explore
