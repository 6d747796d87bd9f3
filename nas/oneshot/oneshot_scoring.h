// SPDX-License-Identifier: MIT
// The one-shot evaluator of a search (evaluator.kind = "oneshot"): a trial's accuracy read off
// a trained supernet by inherited weights instead of training (docs/oneshot.md). Plain C++
// interface; LibTorch stays in the .cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "configs/search_config.h"
#include "nas/oneshot/supernet_training.h"
#include "nas/search/trial_evaluator.h"
#include "nas/train/dataset.h"

namespace imc::nas {

/// The supernet trained in run directory `dir` (its supernet.toml and supernet.pt), to score
/// the trials of `search` on `data`. Throws std::invalid_argument when it cannot: another data
/// config, a space whose candidates are not all in the supernet's, no checkpoint yet.
std::shared_ptr<const TrainedSupernet> open_supernet_for(const std::string& dir, const config::SearchConfig& search,
                                                         const DataSplits& data);

/// The TrainFn of a one-shot search: each trial's weights inherited from `supernet`, BN
/// statistics re-estimated on `bn_images` training images, then scored as a trained trial is
/// (its chip's bits, accuracy_hw when the study reads it). Records `supernet_steps` (the
/// training steps behind the estimate) and `train_seconds` (the estimate's time). The clean
/// (float) accuracy, a second pass over the validation images, only with `clean_accuracy`
/// (reads_clean_accuracy). `data` must outlive the function.
TrainFn make_oneshot_train_fn(const DataSplits& data, std::shared_ptr<const TrainedSupernet> supernet, int bn_images,
                              bool clean_accuracy);

/// Whether a study's objective, Pareto objectives or constraints read accuracy_clean.
bool reads_clean_accuracy(const config::SearchConfig& cfg);

}  // namespace imc::nas
