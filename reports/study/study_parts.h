// SPDX-License-Identifier: MIT
// The parts of a study's report (reports/study_report.h), one file each, and what they share.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "configs/search_config.h"
#include "explore/study/study_db.h"
#include "nas/space/search_space.h"
#include "reports/study_report.h"
#include "traces/csv_writer.h"
#include "traces/number_format.h"

namespace imc::reports::study {

// The parts speak the search's and the study's vocabulary (this header is theirs alone).
using namespace imc::nas;
using namespace imc::explore;
using traces::csv_number;
using traces::fixed;
namespace fs = std::filesystem;

// study_rows.cpp
double metric_or_nan(const std::map<std::string, double>& metrics, const std::string& name);
double metric_or_nan(const explore::TrialRecord& t, const std::string& name);
/// Indices (into trials) of the complete trials on the Pareto front of the report objectives.
std::vector<size_t> front_of(const config::SearchConfig& cfg, const std::vector<explore::TrialRecord>& trials);
/// The cells of one row of Table II: FF, dataset, the architecture cells, accuracy (%),
/// latency (ms), energy (mJ).
std::vector<std::string> table_cells(const config::SearchConfig& cfg, const explore::TrialRecord& t,
                                     const std::string& dataset, size_t arch_columns);
/// The rows of best.md and best.tex: the Pareto front, or the best trial.
std::vector<size_t> best_rows(const config::SearchConfig& cfg, const std::vector<explore::TrialRecord>& trials,
                              const std::vector<size_t>& front);
/// Architecture columns of the table: the most cells of any row, at least the preset's minimum.
size_t arch_columns(const config::SearchConfig& cfg, const std::vector<explore::TrialRecord>& trials,
                    const std::vector<size_t>& rows);

// retrained_rows.cpp
/// A point a one-shot search retrained from scratch: its trial, the supernet's estimate and the
/// retrainings (accuracy mean and sample std, mean fitness over the seeds that finished).
struct RetrainedRow {
  size_t trial_index = 0;
  double estimate = 0;
  double accuracy_mean = 0, accuracy_std = 0, fitness_mean = 0;
  int seeds = 0;   ///< finished retrainings
  int failed = 0;  ///< retrainings that failed
};
/// One row per retrained trial, the best mean fitness first.
std::vector<RetrainedRow> retrained_rows(const std::vector<explore::TrialRecord>& trials,
                                         const std::vector<explore::RetrainRecord>& retrained);

// study_csv.cpp
void write_trials_csv(const fs::path& path, const config::SearchConfig& cfg, const nas::SearchSpace& space,
                      const std::vector<explore::TrialRecord>& trials);
void write_pareto_csv(const fs::path& path, const config::SearchConfig& cfg,
                      const std::vector<explore::TrialRecord>& trials, const std::vector<size_t>& front);

// best_md.cpp, best_tex.cpp
void write_best_md(const fs::path& path, const config::SearchConfig& cfg, const RunInfo& info,
                   const std::vector<explore::TrialRecord>& trials, const std::vector<size_t>& rows,
                   const std::string& dataset, const std::vector<RetrainedRow>& retrained);
void write_best_tex(const fs::path& path, const config::SearchConfig& cfg,
                    const std::vector<explore::TrialRecord>& trials, const std::vector<size_t>& rows, size_t columns,
                    const std::string& dataset, const RunInfo& info, const std::vector<RetrainedRow>& retrained);

// study_plots.cpp
void write_plots(const fs::path& dir, const config::SearchConfig& cfg, const std::vector<explore::TrialRecord>& trials,
                 const std::vector<size_t>& front, std::vector<std::string>& written);

}  // namespace imc::reports::study
