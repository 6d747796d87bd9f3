// SPDX-License-Identifier: MIT
#include "nas/search/retraining.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "nas/space/presets.h"

namespace imc::nas {

std::vector<size_t> retrain_selection(const std::vector<explore::TrialRecord>& trials, int top) {
  std::vector<size_t> complete;
  for (size_t i = 0; i < trials.size(); ++i) {
    const explore::TrialRecord& t = trials[i];
    if (t.state == explore::TrialState::Complete && !t.cached_from && t.fitness && std::isfinite(*t.fitness))
      complete.push_back(i);
  }
  std::stable_sort(complete.begin(), complete.end(),
                   [&](size_t a, size_t b) { return *trials[a].fitness > *trials[b].fitness; });
  if (complete.size() > static_cast<size_t>(std::max(top, 0))) complete.resize(static_cast<size_t>(std::max(top, 0)));
  return complete;
}

uint64_t retrain_seed(const config::SearchConfig& cfg, int k) { return cfg.seed + 1 + static_cast<uint64_t>(k); }

int retrain_best(const config::SearchConfig& cfg, explore::StudyDb& db, const TrialEvaluator& trainer,
                 const std::atomic<bool>& stop, const RetrainFn& done) {
  const std::vector<explore::TrialRecord> trials = db.trials();
  std::set<std::pair<int64_t, uint64_t>> have;
  for (const explore::RetrainRecord& r : db.retrained()) have.insert({r.trial, r.seed});
  int ran = 0;
  for (size_t i : retrain_selection(trials, cfg.supernet.retrain_top)) {
    const explore::TrialRecord& t = trials[i];
    for (int k = 0; k < cfg.supernet.retrain_seeds; ++k) {
      const uint64_t seed = retrain_seed(cfg, k);
      if (have.count({t.number, seed})) continue;
      if (stop) return ran;
      TrialPoint point;
      point.params = t.params;
      point.hardware_overrides = hardware_overrides(cfg.space, t.params);
      point.fidelity = cfg.train;
      point.seed = seed;
      const TrialEvaluation e = trainer.evaluate(point, stop);
      if (stop) return ran;  // interrupted: not a result
      explore::RetrainRecord r;
      r.trial = t.number;
      r.seed = seed;
      r.metrics = e.metrics;
      if (e.state == explore::TrialState::Complete) r.fitness = e.fitness;
      r.error = e.state == explore::TrialState::Complete ? "" : e.error;
      db.record_retrained(r);
      ++ran;
      if (done) done(r, t, e.architecture);
    }
  }
  return ran;
}

}  // namespace imc::nas
