// SPDX-License-Identifier: MIT
// What the study files share: metric lookups, the Pareto front, the rows of the best tables.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "nas/objectives/objective.h"
#include "nas/objectives/objectives.h"
#include "nas/search/scoring.h"
#include "nas/space/space_preset.h"
#include "reports/study/study_parts.h"
#include "traces/csv_writer.h"
#include "traces/number_format.h"

namespace imc::reports::study {

double metric_or_nan(const std::map<std::string, double>& metrics, const std::string& name) {
  auto it = metrics.find(name);
  return it == metrics.end() ? NAN : it->second;
}
double metric_or_nan(const TrialRecord& t, const std::string& name) { return metric_or_nan(t.metrics, name); }

/// Indices (into trials) of the complete trials on the Pareto front of the report objectives.
std::vector<size_t> front_of(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials) {
  const std::vector<Objective> objectives = report_objectives(cfg.objective);
  std::vector<size_t> candidates;
  std::vector<Metrics> points;
  for (size_t i = 0; i < trials.size(); ++i) {
    if (trials[i].state != TrialState::Complete) continue;
    bool has_all = true;
    for (const Objective& o : objectives) has_all = has_all && trials[i].metrics.count(o.metric);
    if (!has_all) continue;
    candidates.push_back(i);
    points.push_back(trials[i].metrics);
  }
  std::vector<size_t> out;
  for (size_t k : pareto_front(points, objectives)) out.push_back(candidates[k]);
  return out;
}

/// The cells of one row of Table II: FF, dataset, the architecture cells, accuracy (%),
/// latency (ms), energy (mJ).
std::vector<std::string> table_cells(const config::SearchConfig& cfg, const TrialRecord& t, const std::string& dataset,
                                     size_t arch_columns) {
  std::vector<std::string> cells = space_preset(cfg.space).cells(cfg.space, t.params);
  cells.resize(std::max(cells.size(), arch_columns));
  cells.insert(cells.begin(), {objective_name(cfg.objective), dataset});
  for (const std::string& v : {fixed(100 * metric_or_nan(t, "accuracy"), 2), fixed(metric_or_nan(t, "latency_ms"), 4),
                               fixed(metric_or_nan(t, "energy_mj"), 4)})
    cells.push_back(v);
  return cells;
}

/// The rows of best.md and best.tex: the Pareto front, or the best trial.
std::vector<size_t> best_rows(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                              const std::vector<size_t>& front) {
  if (!objective_policy(cfg.objective).scalar()) return front;
  if (auto best = best_trial(trials)) return {*best};
  return {};
}

/// Architecture columns of the table: the most cells of any row, at least the preset's minimum.
size_t arch_columns(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                    const std::vector<size_t>& rows) {
  const SpacePreset& preset = space_preset(cfg.space);
  size_t columns = preset.min_columns();
  for (size_t i : rows) columns = std::max(columns, preset.cells(cfg.space, trials[i].params).size());
  return columns;
}

}  // namespace imc::reports::study
