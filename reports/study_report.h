// SPDX-License-Identifier: MIT
// What a person reads after a search: trials.csv, best.md (the paper's Table II layout),
// best.tex, pareto.csv and gnuplot plots, all regenerated from the study database; and the
// study's JSON summary. The files are written by reports/study/, one file each.
#pragma once

#include <string>
#include <vector>

#include "configs/search_config.h"
#include "explore/study/study_db.h"
#include "explore/study/trial_stats.h"

namespace imc::reports {

/// How a run was made, for best.md and best.tex.
struct RunInfo {
  std::vector<std::string> overrides;  ///< key=value, as the study records them
  std::string version;                 ///< imcnas's, with git describe
};

/// Writes trials.csv, best.md, best.tex, pareto.csv and plots/*.{svg,png,pdf} into `run_dir`;
/// returns the files written. `plots` false skips gnuplot. `retrained`: a one-shot search's
/// best trials trained again from scratch, shown next to their estimates in best.md and
/// best.tex. Throws std::runtime_error when a file cannot be written or gnuplot fails.
std::vector<std::string> write_report(const std::string& run_dir, const config::SearchConfig& cfg,
                                      const std::vector<explore::TrialRecord>& trials, const std::string& dataset,
                                      bool plots = true, const RunInfo& info = {},
                                      const std::vector<explore::RetrainRecord>& retrained = {});

/// The study as one JSON object (schema imcnas.study.v1, docs/json.md): counts, the best
/// trial and the files written; `search report` and `search --json` print it.
std::string study_summary_json(const std::string& run_dir, const config::SearchConfig& cfg,
                               const std::vector<explore::TrialRecord>& trials, const std::vector<std::string>& files);

}  // namespace imc::reports
