// SPDX-License-Identifier: MIT
// The registered objective kinds and the seed paper's fitness presets.
#include <cmath>

#include "configs/policy_names.h"
#include "nas/objectives/objective.h"

namespace imc::nas {
namespace objectives {
#define IMC_OBJECTIVE(name) std::shared_ptr<const ObjectivePolicy> make_##name();
#include "configs/policies/objectives.def"
#undef IMC_OBJECTIVE
}  // namespace objectives

const ObjectiveRegistry& objective_registry() {
  static const ObjectiveRegistry registry = [] {
    ObjectiveRegistry r("objective kind");
#define IMC_OBJECTIVE(name) r.add(#name, objectives::make_##name());
#include "configs/policies/objectives.def"
#undef IMC_OBJECTIVE
    r.require_names(config::objective_kind_names());
    return r;
  }();
  return registry;
}

const ObjectivePolicy& objective_policy(const config::ObjectiveConfig& o) { return *objective_registry().at(o.kind); }

const PaperFitnessRegistry& paper_fitness_registry() {
  static const PaperFitnessRegistry registry = [] {
    PaperFitnessRegistry r("fitness");
    r.add("accuracy", {[](const Metrics& m, double) { return metric_value(m, "accuracy"); }, "", false});
    r.add("accuracy/latency",
          {[](const Metrics& m, double) { return metric_value(m, "accuracy") / metric_value(m, "latency_ms"); }, "1/ms",
           false});
    r.add("accuracy/energy",
          {[](const Metrics& m, double) { return metric_value(m, "accuracy") / metric_value(m, "energy_mj"); }, "1/mJ",
           false});
    r.add("accuracy^n/energy", {[](const Metrics& m, double n) {
                                  return std::pow(metric_value(m, "accuracy"), n) / metric_value(m, "energy_mj");
                                },
                                "1/mJ", true});
    r.require_names(config::fitness_names());
    return r;
  }();
  return registry;
}

}  // namespace imc::nas
