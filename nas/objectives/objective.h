// SPDX-License-Identifier: MIT
// An objective kind (the `kind` of a search config's [objective]): how a finished trial's
// metrics become what the study stores and the sampler minimizes, and how reports name and
// draw it. Variants in impl/, one file each, registered by their line in
// configs/policies/objectives.def.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "configs/registry.h"
#include "configs/search_config.h"
#include "nas/objectives/objectives.h"

namespace imc::nas {

struct Score {
  std::optional<double> fitness;  ///< scalar objectives (higher is better); none for a Pareto search
  std::vector<double> losses;     ///< what the sampler minimizes: one per objective
};

class ObjectivePolicy {
 public:
  virtual ~ObjectivePolicy() = default;
  /// Scores a finished trial. Throws std::invalid_argument naming a missing metric.
  virtual Score score(const config::ObjectiveConfig& o, const Metrics& m) const = 0;
  /// A one-line name, e.g. "accuracy/latency" or "pareto(accuracy max, energy_mj min)".
  virtual std::string name(const config::ObjectiveConfig& o) const = 0;
  /// Whether trials have one ranking (a fitness): a best trial, a best-so-far curve, pruning.
  virtual bool scalar() const { return true; }
  /// The objectives a report draws a front of: accuracy against latency and energy by default.
  virtual std::vector<Objective> report_objectives(const config::ObjectiveConfig&) const {
    return {{"accuracy", false}, {"latency_ms", true}, {"energy_mj", true}};
  }
  /// The unit of the fitness ("" where it is a fraction or has none).
  virtual std::string fitness_unit(const config::ObjectiveConfig&) const { return ""; }
};

using ObjectiveRegistry = config::Registry<std::shared_ptr<const ObjectivePolicy>>;
const ObjectiveRegistry& objective_registry();
/// The policy of `o.kind`.
const ObjectivePolicy& objective_policy(const config::ObjectiveConfig& o);

/// One of the seed paper's scalar fitness presets (objective.fitness of kind "fitness").
struct PaperFitness {
  double (*value)(const Metrics& m, double n);  ///< n: the exponent of accuracy^n/energy
  std::string unit;                             ///< of the value: "" (a fraction), "1/ms", "1/mJ"
  bool shows_exponent = false;                  ///< its name carries n ("accuracy^3.00/energy")
};
using PaperFitnessRegistry = config::Registry<PaperFitness>;
const PaperFitnessRegistry& paper_fitness_registry();

}  // namespace imc::nas
