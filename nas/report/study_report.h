// SPDX-License-Identifier: MIT
// What a person reads after a search: trials.csv, best.md (the paper's Table II
// layout), pareto.csv and gnuplot plots, all regenerated from the study database.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "configs/search_config.h"
#include "nas/study/study_db.h"

namespace imc::nas {

/// The complete trial with the highest fitness (first on ties), if any.
std::optional<size_t> best_trial(const std::vector<TrialRecord>& trials);

/// Counts and times over a study, for best.md and the closing summary.
struct StudyStats {
  int complete = 0, infeasible = 0, failed = 0, abandoned = 0, running = 0, cached = 0, pruned = 0;
  int epochs_trained = 0;  ///< summed over the trials that trained (pruning saves epochs)
  int rejected_before_training = 0;
  double mean_train_s = 0;      ///< over trials that trained
  double training_saved_s = 0;  ///< rejected_before_training x mean_train_s
  double total_s = 0;           ///< sum of trial wall times
  double overhead_s = 0;        ///< outside mapping, simulation and training
};
StudyStats study_stats(const std::vector<TrialRecord>& trials);

/// How a run was made, for best.md and best.tex.
struct RunInfo {
  std::vector<std::string> overrides;  ///< key=value, as the study records them
  std::string version;                 ///< imcnas's, with git describe
};

/// Writes trials.csv, best.md, best.tex, pareto.csv and plots/*.{svg,png,pdf} into `run_dir`;
/// returns the files written. `plots` false skips gnuplot. Throws std::runtime_error when a
/// file cannot be written or gnuplot fails.
std::vector<std::string> write_report(const std::string& run_dir, const config::SearchConfig& cfg,
                                      const std::vector<TrialRecord>& trials, const std::string& dataset,
                                      bool plots = true, const RunInfo& info = {});

/// The study as one JSON object (schema imcnas.study.v1, docs/json.md): counts, the best
/// trial and the files written; `search report` and `search --json` print it.
std::string study_summary_json(const std::string& run_dir, const config::SearchConfig& cfg,
                               const std::vector<TrialRecord>& trials, const std::vector<std::string>& files);

}  // namespace imc::nas
