// SPDX-License-Identifier: MIT
// Every file of a study's report, and its JSON summary.
#include "reports/study_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "explore/study/run_directory.h"
#include "nas/objectives/objectives.h"
#include "nas/space/presets.h"
#include "reports/study/study_parts.h"
#include "traces/csv_writer.h"
#include "traces/number_format.h"

namespace imc::reports {

using namespace study;  // the parts, and the vocabulary they share (study_parts.h)

std::string study_summary_json(const std::string& run_dir, const config::SearchConfig& cfg,
                               const std::vector<TrialRecord>& trials, const std::vector<std::string>& files) {
  const StudyStats s = study_stats(trials);
  nlohmann::json j = {{"schema", "imcnas.study.v1"},
                      {"name", cfg.name},
                      {"run_dir", run_dir},
                      {"trials", trials.size()},
                      {"complete", s.complete},
                      {"infeasible", s.infeasible},
                      {"failed", s.failed},
                      {"abandoned", s.abandoned},
                      {"pruned", s.pruned},
                      {"epochs_trained", s.epochs_trained},
                      {"running", s.running},
                      {"rejected_before_training", s.rejected_before_training},
                      {"not_retrained", s.cached},
                      {"trials_wall_s", s.total_s},
                      {"files", files},
                      {"best", nullptr}};
  if (auto best = best_trial(trials)) {
    const TrialRecord& t = trials[*best];
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [k, v] : t.metrics)
      if (std::isfinite(v)) metrics[k] = v;
    j["best"] = {{"trial", t.number},
                 {"architecture", architecture(cfg.space, t.params)},
                 {"fitness", *t.fitness},
                 {"metrics", metrics}};
  }
  return j.dump(2);
}

std::vector<std::string> write_report(const std::string& run_dir, const config::SearchConfig& cfg,
                                      const std::vector<TrialRecord>& trials, const std::string& dataset, bool plots,
                                      const RunInfo& info, const std::vector<RetrainRecord>& retrained) {
  const fs::path dir(run_dir);
  fs::create_directories(dir);
  RunDirectory::refuse_planted(dir);  // never through a link, never into a FIFO
  const SearchSpace space = make_space(cfg.space);
  const std::vector<size_t> front = front_of(cfg, trials);
  std::vector<std::string> written;
  write_trials_csv(dir / "trials.csv", cfg, space, trials);
  written.push_back((dir / "trials.csv").string());
  const std::vector<size_t> rows = best_rows(cfg, trials, front);
  const std::vector<RetrainedRow> again = retrained_rows(trials, retrained);
  write_best_md(dir / "best.md", cfg, info, trials, rows, dataset, again);
  written.push_back((dir / "best.md").string());
  if (!rows.empty()) {
    write_best_tex(dir / "best.tex", cfg, trials, rows, arch_columns(cfg, trials, rows), dataset, info, again);
    written.push_back((dir / "best.tex").string());
  }
  write_pareto_csv(dir / "pareto.csv", cfg, trials, front);
  written.push_back((dir / "pareto.csv").string());
  const bool any_complete =
      std::any_of(trials.begin(), trials.end(), [](const TrialRecord& t) { return t.state == TrialState::Complete; });
  if (plots && any_complete) write_plots(dir / "plots", cfg, trials, front, written);  // nothing to draw otherwise
  return written;
}

}  // namespace imc::reports
