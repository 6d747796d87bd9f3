// SPDX-License-Identifier: MIT
// After a one-shot search (its trials scored by a supernet), the best trials' points are
// trained again from scratch at the study's budget, with seeds of their own, and recorded next
// to the estimates (StudyDb::retrained; best.md and best.tex show both). docs/oneshot.md.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "configs/search_config.h"
#include "explore/study/study_db.h"
#include "nas/search/trial_evaluator.h"

namespace imc::nas {

/// Indices (into `trials`) of the `top` complete, evaluated (not cached) trials of highest
/// fitness; ties keep trial order.
std::vector<size_t> retrain_selection(const std::vector<explore::TrialRecord>& trials, int top);

/// The seed of a point's k-th retraining (k from 0): the study's seed + 1 + k.
uint64_t retrain_seed(const config::SearchConfig& cfg, int k);

/// Called after each retraining, with the trial retrained (its estimate) and its architecture.
using RetrainFn = std::function<void(const explore::RetrainRecord&, const explore::TrialRecord& trial,
                                     const std::string& architecture)>;

/// Retrains the points retrain_selection picks (cfg.supernet.retrain_top of them), each with
/// cfg.supernet.retrain_seeds seeds, through `trainer` (an evaluator that trains from
/// scratch), and records each in `db`; retrainings the study already has are not repeated.
/// Returns how many it ran; returns early when `stop` becomes true (what finished is kept).
int retrain_best(const config::SearchConfig& cfg, explore::StudyDb& db, const TrialEvaluator& trainer,
                 const std::atomic<bool>& stop, const RetrainFn& done = {});

}  // namespace imc::nas
