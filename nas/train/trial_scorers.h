// SPDX-License-Identifier: MIT
// What scores a search's trials, by evaluator.kind: "train" trains each from scratch,
// "oneshot" reads its accuracy off a trained supernet (docs/oneshot.md).
#pragma once

#include <functional>

#include "configs/registry.h"
#include "configs/search_config.h"
#include "nas/search/trial_evaluator.h"
#include "nas/train/dataset.h"

namespace imc::nas {

/// Makes the TrainFn of a search on `data` (which must outlive it), in each process that runs
/// trials; `should_stop` is polled while a trial trains.
using TrialScorerFactory =
    std::function<TrainFn(const config::SearchConfig& cfg, const DataSplits& data, std::function<bool()> should_stop)>;

struct TrialScorer {
  TrialScorerFactory make;
  /// Its accuracies are estimates: the best trials are retrained from scratch after the search
  /// (supernet.retrain_top, nas/search/retraining.h).
  bool estimates = false;
};

const config::Registry<TrialScorer>& trial_scorer_registry();

/// The TrainFn of cfg.evaluator.kind.
TrainFn trial_scorer(const config::SearchConfig& cfg, const DataSplits& data, std::function<bool()> should_stop);

}  // namespace imc::nas
