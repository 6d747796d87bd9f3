// SPDX-License-Identifier: MIT
#include "nas/train/search_training.h"

#include <cmath>
#include <iostream>

#include "imcnas_version.h"
#include "nas/train/saved_model.h"

namespace imc::nas {

TrainConfig trial_train_config(const config::TrainBudget& b, const config::HwConfig& hw, uint64_t seed) {
  TrainConfig t;
  t.epochs = b.epochs;
  t.subset = static_cast<size_t>(b.subset);
  t.batch_size = b.batch_size;
  t.learning_rate = b.learning_rate;
  t.optimizer = b.optimizer;
  t.max_seconds = b.max_seconds;
  t.patience = b.patience;
  t.threads = b.threads;
  use_chip(t, hw);
  t.variation.noise_aware = b.noise_aware;
  t.variation.samples = b.variation_samples;
  if (!b.accuracy_hw) t.hw.chip.reset();  // use_chip set it; it is computed when read
  t.hw.samples = b.variation_samples;
  t.hw.finetune_epochs = b.hw_finetune_epochs;
  t.hw.seed = seed;
  t.seed = seed;
  t.prune_below = b.prune_below;
  t.prune_on_best = b.prune_on_best_so_far;
  return t;
}

TrainOutcome to_outcome(const TrainResult& r) {
  TrainOutcome o;
  if (r.status == TrainStatus::Interrupted) o.status = TrainOutcome::Status::Interrupted;
  if (r.status == TrainStatus::Failed) o.status = TrainOutcome::Status::Failed;
  if (r.status == TrainStatus::Ok && r.pruned) o.status = TrainOutcome::Status::Pruned;
  for (const EpochProgress& p : r.history) o.intermediate[p.epoch] = p.validation_accuracy;
  o.metrics["epochs_run"] = r.epochs_run;
  o.reason = r.reason;
  if (!std::isnan(r.validation.clean)) o.metrics["accuracy_clean"] = r.validation.clean;  // NaN: not measured
  o.metrics["accuracy_quantized"] = r.validation.quantized;
  if (r.validation.has_variation) {
    o.metrics["accuracy_variation"] = r.validation.variation_mean;
    o.metrics["accuracy_variation_std"] = r.validation.variation_std;
  }
  if (r.validation.hw_samples > 0) {
    o.metrics["accuracy_hw"] = r.validation.hw_mean;
    o.metrics["accuracy_hw_std"] = r.validation.hw_std;
  }
  if (r.hw_before_finetune) o.metrics["accuracy_hw_before_finetune"] = *r.hw_before_finetune;
  o.metrics["train_seconds"] = r.train_seconds;
  return o;
}

TrainFn make_train_fn(const DataSplits& data, std::function<bool()> should_stop) {
  return [&data, should_stop = std::move(should_stop)](const workloads::Network& net, const config::HwConfig& hw,
                                                       const TrialPoint& point) {
    const std::string& model_dir = point.model_dir;
    TrainConfig t = trial_train_config(point.fidelity, hw, point.seed);
    t.should_stop = should_stop;
    t.keep_weights = !model_dir.empty();
    const TrainResult r = train_and_evaluate(net, data, t);
    TrainOutcome outcome = to_outcome(r);
    if (t.keep_weights && outcome.status == TrainOutcome::Status::Ok) {
      // The model is a convenience next to the recorded result: failing to write it (a full
      // disk) is said, and the trial's metrics still count.
      try {
        save_trained_model(model_dir, net.spec(), net, r.weights, IMCNAS_VERSION);
      } catch (const std::exception& e) {
        std::cerr << "warning: the trained model was not saved: " << e.what() << "\n";
      }
    }
    return outcome;
  };
}

}  // namespace imc::nas
