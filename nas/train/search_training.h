// SPDX-License-Identifier: MIT
// Training as a search trial needs it: the trial's hardware sets the bit widths, cells and
// variation (use_chip), its budget the epochs and limits; the result becomes metrics.
#pragma once

#include <functional>

#include "configs/search_config.h"
#include "nas/search/trial_evaluator.h"
#include "nas/train/dataset.h"
#include "nas/train/trainer.h"

namespace imc::nas {

/// The training configuration of one trial.
TrainConfig trial_train_config(const config::TrainBudget& budget, const config::HwConfig& hw, uint64_t seed);

/// A training result as the search records it (accuracy_clean, accuracy_quantized,
/// accuracy_variation(_std), train_seconds).
TrainOutcome to_outcome(const TrainResult& r);

/// The TrainFn of a search on `data` (which must outlive it); `should_stop` is polled between
/// batches.
TrainFn make_train_fn(const DataSplits& data, std::function<bool()> should_stop);

}  // namespace imc::nas
