// SPDX-License-Identifier: MIT
// kind = "nacim": NACIM's reward, beta * accuracy + (1 - beta) * normalized hardware terms.
#include "nas/objectives/objective.h"

namespace imc::nas::objectives {
namespace {

class Nacim : public ObjectivePolicy {
 public:
  Score score(const config::ObjectiveConfig& o, const Metrics& m) const override {
    std::vector<NormalizedTerm> terms;
    for (const config::MetricTerm& t : o.terms) terms.push_back({t.metric, t.weight, t.lo, t.hi});
    Score s;
    s.fitness = nacim_reward(m, o.beta, terms);
    s.losses = {-*s.fitness};
    return s;
  }
  std::string name(const config::ObjectiveConfig& o) const override {
    return "nacim reward (beta " + std::to_string(o.beta).substr(0, 4) + ")";
  }
};

}  // namespace

std::shared_ptr<const ObjectivePolicy> make_nacim() { return std::make_shared<Nacim>(); }

}  // namespace imc::nas::objectives
