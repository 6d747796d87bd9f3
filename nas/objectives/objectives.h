// SPDX-License-Identifier: MIT
// What a trial is scored by: the seed paper's scalar fitness presets, NACIM's
// reward, constraints on any metric, and the Pareto front of several objectives.
// Metrics are named with their units (accuracy, latency_ms, energy_mj, area_mm2).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace imc::nas {

using Metrics = std::map<std::string, double>;

/// The value of metric `name`; throws std::invalid_argument naming it when it is not reported.
double metric_value(const Metrics& m, const std::string& name);

/// Scalar fitness, higher is better. Presets (Amin et al.): "accuracy", "accuracy/latency"
/// (accuracy / latency_ms), "accuracy/energy" (accuracy / energy_mj), "accuracy^n/energy"
/// (accuracy^n / energy_mj). Throws std::invalid_argument naming a missing metric or preset.
double paper_fitness(const std::string& preset, const Metrics& m, double n = 2);

/// NACIM's reward: beta * accuracy + (1 - beta) * sum_i w_i * (hi_i - x_i) / (hi_i - lo_i), each
/// hardware metric normalized to [0, 1] over its bounds (smaller is better) and clamped.
struct NormalizedTerm {
  std::string metric;
  double weight = 1;
  double lo = 0, hi = 1;
};
double nacim_reward(const Metrics& m, double beta, const std::vector<NormalizedTerm>& terms);

/// metric <= max (or >= min): a hardware budget such as latency_ms <= 5.
struct Constraint {
  std::string metric;
  bool upper = true;  ///< true: metric <= bound; false: metric >= bound
  double bound = 0;
};
/// One message per violated constraint, e.g. "latency_ms = 7.2 exceeds its limit 5".
std::vector<std::string> violations(const Metrics& m, const std::vector<Constraint>& constraints);

/// An objective for multi-objective search.
struct Objective {
  std::string metric;
  bool minimize = true;
};
/// Indices of the non-dominated points (every objective at least as good, one strictly better).
std::vector<size_t> pareto_front(const std::vector<Metrics>& points, const std::vector<Objective>& objectives);

}  // namespace imc::nas
