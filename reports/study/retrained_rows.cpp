// SPDX-License-Identifier: MIT
// The retrained points of a one-shot search, one row each, for best.md and best.tex.
#include <algorithm>
#include <cmath>
#include <map>

#include "reports/study/study_parts.h"

namespace imc::reports::study {

std::vector<RetrainedRow> retrained_rows(const std::vector<TrialRecord>& trials,
                                         const std::vector<RetrainRecord>& retrained) {
  std::map<int64_t, std::vector<const RetrainRecord*>> by_trial;
  for (const RetrainRecord& r : retrained) by_trial[r.trial].push_back(&r);
  std::vector<RetrainedRow> rows;
  for (const auto& [trial, records] : by_trial) {
    if (trial < 0 || static_cast<size_t>(trial) >= trials.size()) continue;  // a record of no trial
    RetrainedRow row;
    row.trial_index = static_cast<size_t>(trial);
    row.estimate = metric_or_nan(trials[row.trial_index], "accuracy");
    std::vector<double> accuracy, fitness;
    for (const RetrainRecord* r : records) {
      if (!r->fitness) {
        ++row.failed;
        continue;
      }
      accuracy.push_back(metric_or_nan(r->metrics, "accuracy"));
      fitness.push_back(*r->fitness);
    }
    row.seeds = static_cast<int>(accuracy.size());
    if (row.seeds > 0) {
      auto mean = [](const std::vector<double>& v) {
        double s = 0;
        for (double x : v) s += x;
        return s / double(v.size());
      };
      row.accuracy_mean = mean(accuracy);
      row.fitness_mean = mean(fitness);
      double ss = 0;
      for (double a : accuracy) ss += (a - row.accuracy_mean) * (a - row.accuracy_mean);
      row.accuracy_std = row.seeds > 1 ? std::sqrt(ss / double(row.seeds - 1)) : 0;  // sample std
    }
    rows.push_back(row);
  }
  // The best retrained point first: what the search found, once the estimates are replaced.
  std::stable_sort(rows.begin(), rows.end(), [](const RetrainedRow& a, const RetrainedRow& b) {
    const double fa = a.seeds ? a.fitness_mean : -INFINITY, fb = b.seeds ? b.fitness_mean : -INFINITY;
    return fa > fb;
  });
  return rows;
}

}  // namespace imc::reports::study
