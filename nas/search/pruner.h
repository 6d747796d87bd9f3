// SPDX-License-Identifier: MIT
// Multi-fidelity pruning, as Optuna's MedianPruner and SuccessiveHalvingPruner (ASHA) decide:
// from the validation accuracy earlier trials reached after each epoch, the bar a new trial must
// clear after that epoch to train on. The bars go out with the trial (its fidelity), so a worker
// decides alone and never waits for other trials to reach a rung.
#pragma once

#include <map>
#include <vector>

#include "configs/search_config.h"

namespace imc::nas {

/// Validation accuracy after each epoch (1-based) of one earlier trial.
using LearningCurve = std::map<int, double>;

/// An earlier trial as the pruners see it.
struct EarlierTrial {
  LearningCurve curve;
  bool complete = false;  ///< trained every epoch (not pruned, failed or running)
};

/// For a trial of `epochs` epochs: the bar after epoch e at index e - 1 (NaN: no check there).
/// Empty when the pruner is off.
/// - median (Optuna's MedianPruner): after epoch e >= min_epochs (and before the last), the
///   median of the complete earlier trials' values at e, once startup_trials trials are complete;
///   the trial's best value so far is compared with it (prunes_on_best_so_far);
/// - asha (Optuna's SuccessiveHalvingPruner): at each rung e = min_epochs * factor^k below the
///   last epoch, a trial goes on only if its value there is among the top max(1, n / factor) of
///   the n values every earlier trial (pruned ones included) reached at that rung, itself
///   included (with fewer earlier values than that, it goes on).
std::vector<double> prune_bars(const config::PrunerConfig& pruner, int epochs,
                               const std::vector<EarlierTrial>& earlier);
/// Whether the trial's best value so far, rather than its epoch's, is compared with the bars.
bool prunes_on_best_so_far(const config::PrunerConfig& pruner);

}  // namespace imc::nas
