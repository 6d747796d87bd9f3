// SPDX-License-Identifier: MIT
// trials.csv (every trial) and pareto.csv (the front of the report objectives).
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "nas/objectives/objectives.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "reports/study/study_parts.h"
#include "traces/csv_writer.h"
#include "traces/number_format.h"

namespace imc::reports::study {

namespace {

/// Every metric name that occurs, the search vocabulary's order first.
std::vector<std::string> metric_columns(const std::vector<TrialRecord>& trials) {
  std::set<std::string> seen;
  for (const TrialRecord& t : trials)
    for (const auto& [k, v] : shown_metrics(t)) seen.insert(k);
  std::vector<std::string> out;
  for (const std::string& m : config::search_metric_names())
    if (seen.erase(m)) out.push_back(m);
  out.insert(out.end(), seen.begin(), seen.end());
  return out;
}

const std::vector<std::string> kStages{"sample", "build", "map", "simulate", "train", "total"};

}  // namespace

void write_trials_csv(const fs::path& path, const config::SearchConfig& cfg, const SearchSpace& space,
                      const std::vector<TrialRecord>& trials) {
  const std::vector<std::string> metrics = metric_columns(trials);
  traces::CsvTable table;
  table.header = {"trial", "state", "architecture"};
  for (const ParamSpec& p : space.params()) table.header.push_back(p.name);
  table.header.push_back("fitness");
  table.header.insert(table.header.end(), metrics.begin(), metrics.end());
  for (const std::string& s : kStages) table.header.push_back(s + "_s");
  table.header.insert(table.header.end(), {"seed", "error", "worker"});
  for (const TrialRecord& t : trials) {
    std::vector<std::string> row{std::to_string(t.number), trial_state_name(t.state),
                                 architecture(cfg.space, t.params)};
    for (const ParamSpec& p : space.params()) {
      auto it = t.params.find(p.name);
      row.push_back(it == t.params.end() ? "" : space.value_text(p.name, it->second));
    }
    row.push_back(t.fitness ? csv_number(*t.fitness) : "");
    const std::map<std::string, double> shown = shown_metrics(t);
    for (const std::string& m : metrics) row.push_back(csv_number(metric_or_nan(shown, m)));
    for (const std::string& s : kStages) {
      auto it = t.stage_seconds.find(s);
      row.push_back(it == t.stage_seconds.end() ? "" : csv_number(it->second));
    }
    row.push_back(std::to_string(t.seed));
    row.push_back(t.error);
    row.push_back(t.worker);
    table.rows.push_back(std::move(row));
  }
  traces::write_csv(path.string(), table);
}

void write_pareto_csv(const fs::path& path, const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                      const std::vector<size_t>& front) {
  const std::vector<Objective> objectives = report_objectives(cfg.objective);
  traces::CsvTable table;
  table.header = {"trial", "architecture"};
  for (const Objective& o : objectives) table.header.push_back(o.metric);
  table.header.push_back("fitness");
  for (size_t i : front) {
    const TrialRecord& t = trials[i];
    std::vector<std::string> row{std::to_string(t.number), architecture(cfg.space, t.params)};
    for (const Objective& o : objectives) row.push_back(csv_number(metric_or_nan(t, o.metric)));
    row.push_back(t.fitness ? csv_number(*t.fitness) : "");
    table.rows.push_back(std::move(row));
  }
  traces::write_csv(path.string(), table);
}

}  // namespace imc::reports::study
