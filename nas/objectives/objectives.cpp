// SPDX-License-Identifier: MIT
#include "nas/objectives/objectives.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "nas/objectives/objective.h"

namespace imc::nas {
namespace {

std::string number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

double metric_value(const Metrics& m, const std::string& name) {
  auto it = m.find(name);
  if (it == m.end()) throw std::invalid_argument("metric '" + name + "' is not reported");
  return it->second;
}

double paper_fitness(const std::string& preset, const Metrics& m, double n) {
  return paper_fitness_registry().at(preset).value(m, n);
}

double nacim_reward(const Metrics& m, double beta, const std::vector<NormalizedTerm>& terms) {
  double hw = 0;
  for (const NormalizedTerm& t : terms) {
    if (!(t.hi > t.lo)) throw std::invalid_argument("bounds of " + t.metric + " must have hi > lo");
    hw += t.weight * std::clamp((t.hi - metric_value(m, t.metric)) / (t.hi - t.lo), 0.0, 1.0);
  }
  return beta * metric_value(m, "accuracy") + (1 - beta) * hw;
}

std::vector<std::string> violations(const Metrics& m, const std::vector<Constraint>& constraints) {
  std::vector<std::string> out;
  for (const Constraint& c : constraints) {
    const double v = metric_value(m, c.metric);
    if (c.upper && v > c.bound) out.push_back(c.metric + " = " + number(v) + " exceeds its limit " + number(c.bound));
    if (!c.upper && v < c.bound)
      out.push_back(c.metric + " = " + number(v) + " is below its minimum " + number(c.bound));
  }
  return out;
}

std::vector<size_t> pareto_front(const std::vector<Metrics>& points, const std::vector<Objective>& objectives) {
  auto better_or_equal = [&](const Metrics& a, const Metrics& b, bool& strictly) {
    strictly = false;
    for (const Objective& o : objectives) {
      const double x = metric_value(a, o.metric), y = metric_value(b, o.metric);
      if (o.minimize ? x > y : x < y) return false;
      if (x != y) strictly = true;
    }
    return true;
  };
  std::vector<size_t> front;
  for (size_t i = 0; i < points.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < points.size() && !dominated; ++j) {
      bool strictly = false;
      dominated = j != i && better_or_equal(points[j], points[i], strictly) && strictly;
    }
    if (!dominated) front.push_back(i);
  }
  return front;
}

}  // namespace imc::nas
