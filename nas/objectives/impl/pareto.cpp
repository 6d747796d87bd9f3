// SPDX-License-Identifier: MIT
// kind = "pareto": several objectives, each minimized or maximized; no single ranking.
#include <stdexcept>

#include "nas/objectives/objective.h"

namespace imc::nas::objectives {
namespace {

class Pareto : public ObjectivePolicy {
 public:
  Score score(const config::ObjectiveConfig& o, const Metrics& m) const override {
    Score s;
    for (const config::ObjectiveDirection& d : o.objectives) {
      auto it = m.find(d.metric);
      if (it == m.end()) throw std::invalid_argument("metric '" + d.metric + "' is not reported");
      s.losses.push_back(d.minimize ? it->second : -it->second);
    }
    return s;
  }
  std::string name(const config::ObjectiveConfig& o) const override {
    std::string s = "pareto(";
    for (size_t i = 0; i < o.objectives.size(); ++i)
      s += (i ? ", " : "") + o.objectives[i].metric + (o.objectives[i].minimize ? " min" : " max");
    return s + ")";
  }
  bool scalar() const override { return false; }
  std::vector<Objective> report_objectives(const config::ObjectiveConfig& o) const override {
    std::vector<Objective> out;
    for (const config::ObjectiveDirection& d : o.objectives) out.push_back({d.metric, d.minimize});
    return out;
  }
};

}  // namespace

std::shared_ptr<const ObjectivePolicy> make_pareto() { return std::make_shared<Pareto>(); }

}  // namespace imc::nas::objectives
