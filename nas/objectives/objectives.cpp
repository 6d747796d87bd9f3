// SPDX-License-Identifier: MIT
#include "nas/objectives/objectives.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace imc::nas {
namespace {

double get(const Metrics& m, const std::string& name) {
  auto it = m.find(name);
  if (it == m.end()) throw std::invalid_argument("metric '" + name + "' is not reported");
  return it->second;
}

std::string number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

double paper_fitness(const std::string& preset, const Metrics& m, double n) {
  if (preset == "accuracy") return get(m, "accuracy");
  if (preset == "accuracy/latency") return get(m, "accuracy") / get(m, "latency_ms");
  if (preset == "accuracy/energy") return get(m, "accuracy") / get(m, "energy_mj");
  if (preset == "accuracy^n/energy") return std::pow(get(m, "accuracy"), n) / get(m, "energy_mj");
  throw std::invalid_argument("unknown fitness '" + preset +
                              "', expected accuracy, accuracy/latency, accuracy/energy or accuracy^n/energy");
}

double nacim_reward(const Metrics& m, double beta, const std::vector<NormalizedTerm>& terms) {
  double hw = 0;
  for (const NormalizedTerm& t : terms) {
    if (!(t.hi > t.lo)) throw std::invalid_argument("bounds of " + t.metric + " must have hi > lo");
    hw += t.weight * std::clamp((t.hi - get(m, t.metric)) / (t.hi - t.lo), 0.0, 1.0);
  }
  return beta * get(m, "accuracy") + (1 - beta) * hw;
}

std::vector<std::string> violations(const Metrics& m, const std::vector<Constraint>& constraints) {
  std::vector<std::string> out;
  for (const Constraint& c : constraints) {
    const double v = get(m, c.metric);
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
      const double x = get(a, o.metric), y = get(b, o.metric);
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
