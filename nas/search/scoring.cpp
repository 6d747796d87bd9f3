// SPDX-License-Identifier: MIT
#include "nas/search/scoring.h"

#include <stdexcept>

#include "configs/metrics.h"

namespace imc::nas {

void select_accuracy(const config::ObjectiveConfig& objective, Metrics& metrics) {
  const std::string key = "accuracy_" + objective.accuracy;
  auto it = metrics.find(key);
  if (it == metrics.end()) {
    const std::string needs = config::accuracy_source_needs(objective.accuracy);
    throw std::invalid_argument("objective.accuracy = \"" + objective.accuracy + "\" but the trial reports no " + key +
                                (needs.empty() ? "" : " (" + needs + ")"));
  }
  metrics["accuracy"] = it->second;
}

Score score(const config::ObjectiveConfig& objective, const Metrics& metrics) {
  return objective_policy(objective).score(objective, metrics);
}

std::vector<Constraint> constraints(const config::SearchConfig& cfg, bool hardware_only) {
  std::vector<Constraint> out;
  for (const config::ConstraintConfig& c : cfg.constraints)
    if (!hardware_only || config::is_hardware_metric(c.metric)) out.push_back({c.metric, c.upper, c.bound});
  return out;
}

std::vector<Objective> report_objectives(const config::ObjectiveConfig& objective) {
  return objective_policy(objective).report_objectives(objective);
}

std::string objective_name(const config::ObjectiveConfig& objective) {
  return objective_policy(objective).name(objective);
}

}  // namespace imc::nas
