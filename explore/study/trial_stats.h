// SPDX-License-Identifier: MIT
// Tallies over a study's trials: the one place they are counted. The search loop counts a
// session's trials with it, best.md, the JSON summary and the closing lines count the study's.
#pragma once

#include <optional>
#include <vector>

#include "explore/study/study_db.h"

namespace imc::explore {

/// The complete trial with the highest fitness (first on ties), if any.
std::optional<size_t> best_trial(const std::vector<TrialRecord>& trials);

/// Counts and times over a study, for best.md and the closing summary.
struct StudyStats {
  int complete = 0, infeasible = 0, failed = 0, abandoned = 0, running = 0, cached = 0, pruned = 0;
  int epochs_trained = 0;  ///< summed over the trials that trained (pruning saves epochs)
  int rejected_before_training = 0;
  double train_s = 0;           ///< summed over trials that trained
  double mean_train_s = 0;      ///< over trials that trained
  double training_saved_s = 0;  ///< rejected_before_training x mean_train_s
  double total_s = 0;           ///< sum of trial wall times
  double overhead_s = 0;        ///< outside mapping, simulation and training
};
StudyStats study_stats(const std::vector<TrialRecord>& trials);

}  // namespace imc::explore
