// SPDX-License-Identifier: MIT
// kind = "fitness": one of the seed paper's scalar presets (accuracy, accuracy/latency, ...).
#include "nas/objectives/objective.h"

namespace imc::nas::objectives {
namespace {

class Fitness : public ObjectivePolicy {
 public:
  Score score(const config::ObjectiveConfig& o, const Metrics& m) const override {
    Score s;
    s.fitness = paper_fitness(o.fitness, m, o.exponent);
    s.losses = {-*s.fitness};
    return s;
  }
  std::string name(const config::ObjectiveConfig& o) const override {
    if (!paper_fitness_registry().at(o.fitness).shows_exponent) return o.fitness;
    const std::string n = std::to_string(o.exponent).substr(0, 4);
    const size_t at = o.fitness.find("^n");
    return o.fitness.substr(0, at) + "^" + n + o.fitness.substr(at + 2);
  }
  std::string fitness_unit(const config::ObjectiveConfig& o) const override {
    return paper_fitness_registry().at(o.fitness).unit;
  }
};

}  // namespace

std::shared_ptr<const ObjectivePolicy> make_fitness() { return std::make_shared<Fitness>(); }

}  // namespace imc::nas::objectives
