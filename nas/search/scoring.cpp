// SPDX-License-Identifier: MIT
#include "nas/search/scoring.h"

#include <stdexcept>

namespace imc::nas {

void select_accuracy(const config::ObjectiveConfig& objective, Metrics& metrics) {
  const std::string key = "accuracy_" + objective.accuracy;
  auto it = metrics.find(key);
  if (it == metrics.end())
    throw std::invalid_argument(
        "objective.accuracy = \"" + objective.accuracy + "\" but the trial reports no " + key +
        (objective.accuracy == "variation" ? " (set device variation in the hardware config)" : ""));
  metrics["accuracy"] = it->second;
}

Score score(const config::ObjectiveConfig& objective, const Metrics& metrics) {
  Score s;
  if (objective.kind == "pareto") {
    for (const config::ObjectiveDirection& d : objective.objectives) {
      auto it = metrics.find(d.metric);
      if (it == metrics.end()) throw std::invalid_argument("metric '" + d.metric + "' is not reported");
      s.losses.push_back(d.minimize ? it->second : -it->second);
    }
    return s;
  }
  if (objective.kind == "nacim") {
    std::vector<NormalizedTerm> terms;
    for (const config::MetricTerm& t : objective.terms) terms.push_back({t.metric, t.weight, t.lo, t.hi});
    s.fitness = nacim_reward(metrics, objective.beta, terms);
  } else {
    s.fitness = paper_fitness(objective.fitness, metrics, objective.exponent);
  }
  s.losses = {-*s.fitness};
  return s;
}

std::vector<Constraint> constraints(const config::SearchConfig& cfg, bool hardware_only) {
  std::vector<Constraint> out;
  for (const config::ConstraintConfig& c : cfg.constraints)
    if (!hardware_only || config::is_hardware_metric(c.metric)) out.push_back({c.metric, c.upper, c.bound});
  return out;
}

std::vector<Objective> report_objectives(const config::ObjectiveConfig& objective) {
  if (objective.kind != "pareto") return {{"accuracy", false}, {"latency_ms", true}, {"energy_mj", true}};
  std::vector<Objective> out;
  for (const config::ObjectiveDirection& d : objective.objectives) out.push_back({d.metric, d.minimize});
  return out;
}

std::string objective_name(const config::ObjectiveConfig& objective) {
  if (objective.kind == "fitness")
    return objective.fitness == "accuracy^n/energy"
               ? "accuracy^" + std::to_string(objective.exponent).substr(0, 4) + "/energy"
               : objective.fitness;
  if (objective.kind == "nacim") return "nacim reward (beta " + std::to_string(objective.beta).substr(0, 4) + ")";
  std::string s = "pareto(";
  for (size_t i = 0; i < objective.objectives.size(); ++i)
    s += (i ? ", " : "") + objective.objectives[i].metric + (objective.objectives[i].minimize ? " min" : " max");
  return s + ")";
}

}  // namespace imc::nas
