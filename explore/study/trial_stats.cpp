// SPDX-License-Identifier: MIT
#include "explore/study/trial_stats.h"

namespace imc::explore {

std::optional<size_t> best_trial(const std::vector<TrialRecord>& trials) {
  std::optional<size_t> best;
  for (size_t i = 0; i < trials.size(); ++i)
    if (trials[i].state == TrialState::Complete && trials[i].fitness &&
        (!best || *trials[i].fitness > *trials[*best].fitness))  // a cached copy ties with its earlier original
      best = i;
  return best;
}

StudyStats study_stats(const std::vector<TrialRecord>& trials) {
  StudyStats s;
  int trained = 0;
  for (const TrialRecord& t : trials) {
    s.complete += t.state == TrialState::Complete;
    s.infeasible += t.state == TrialState::Infeasible;
    s.failed += t.state == TrialState::Failed;
    s.abandoned += t.state == TrialState::Abandoned;
    s.pruned += t.state == TrialState::Pruned;
    s.running += t.state == TrialState::Running;
    s.epochs_trained += static_cast<int>(t.intermediate.size());
    s.cached += t.cached_from.has_value();
    s.rejected_before_training += t.rejected_before_training;
    auto stage = [&](const char* name) {
      auto it = t.stage_seconds.find(name);
      return it == t.stage_seconds.end() ? 0.0 : it->second;
    };
    if (stage("train") > 0) {
      ++trained;
      s.train_s += stage("train");
    }
    s.total_s += stage("total");
    if (t.state != TrialState::Abandoned && stage("total") > 0)
      s.overhead_s += stage("total") - stage("map") - stage("simulate") - stage("train");
  }
  s.mean_train_s = trained ? s.train_s / trained : 0;
  s.training_saved_s = s.rejected_before_training * s.mean_train_s;
  return s;
}

}  // namespace imc::explore
