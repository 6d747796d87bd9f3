// SPDX-License-Identifier: MIT
#include "nas/study/study_check.h"

#include <cmath>
#include <optional>

#include "nas/space/presets.h"

namespace imc::nas {
namespace {

/// Why `point` is not a point of `space`, or nothing.
std::optional<std::string> point_problem(const SearchSpace& space, const Point& point) {
  for (const ParamSpec& p : space.params()) {
    if (!space.active(p, point)) continue;
    const auto it = point.find(p.name);
    if (it == point.end()) return "parameter '" + p.name + "' is missing";
    const double v = it->second;
    const bool whole = std::isfinite(v) && v == std::floor(v);
    if (p.kind == ParamKind::Categorical && !(whole && v >= 0 && v < double(p.choices.size())))
      return "parameter '" + p.name + "' is " + std::to_string(v) + ", not the index of one of its " +
             std::to_string(p.choices.size()) + " choices";
    if (p.kind == ParamKind::Int && !(whole && v >= p.low && v <= p.high))
      return "parameter '" + p.name + "' is " + std::to_string(v) + ", not an integer in [" +
             std::to_string(static_cast<long long>(p.low)) + ", " + std::to_string(static_cast<long long>(p.high)) +
             "]";
    if ((p.kind == ParamKind::Float || p.kind == ParamKind::LogFloat) && !(v >= p.low && v <= p.high))
      return "parameter '" + p.name + "' is " + std::to_string(v) + ", outside its range";
  }
  return std::nullopt;
}

}  // namespace

void check_study_trials(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                        const std::string& path) {
  const SearchSpace space = make_space(cfg.space);
  for (const TrialRecord& t : trials) {
    if (auto problem = point_problem(space, t.params))
      throw StudyError(path + ": trial " + std::to_string(t.number) + ": " + *problem +
                       " in the study's own search space; the file was edited or damaged");
    if (t.cached_from && (*t.cached_from < 0 || *t.cached_from >= t.number))
      throw StudyError(path + ": trial " + std::to_string(t.number) + " repeats trial " +
                       std::to_string(*t.cached_from) +
                       ", which is not an earlier trial; the file was edited or damaged");
  }
}

}  // namespace imc::nas
