// SPDX-License-Identifier: MIT
#include "nas/train/trial_scorers.h"

#include "configs/policy_names.h"
#include "nas/oneshot/oneshot_scoring.h"
#include "nas/train/search_training.h"

namespace imc::nas {

const config::Registry<TrialScorer>& trial_scorer_registry() {
  static const config::Registry<TrialScorer> registry = [] {
    config::Registry<TrialScorer> r("evaluator");
    r.add("train", {[](const config::SearchConfig&, const DataSplits& data, std::function<bool()> should_stop) {
                      return make_train_fn(data, std::move(should_stop));
                    },
                    false});
    // Scoring takes seconds: nothing to stop in the middle of.
    r.add("oneshot", {[](const config::SearchConfig& cfg, const DataSplits& data, std::function<bool()>) {
                        return make_oneshot_train_fn(data, open_supernet_for(cfg.evaluator.supernet, cfg, data),
                                                     cfg.supernet.bn_recalibration_images, reads_clean_accuracy(cfg));
                      },
                      true});
    r.require_names(config::evaluator_names());
    return r;
  }();
  return registry;
}

TrainFn trial_scorer(const config::SearchConfig& cfg, const DataSplits& data, std::function<bool()> should_stop) {
  return trial_scorer_registry().at(cfg.evaluator.kind).make(cfg, data, std::move(should_stop));
}

}  // namespace imc::nas
