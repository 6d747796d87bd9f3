// SPDX-License-Identifier: MIT
// One trial, evaluated: a point in (architecture, hardware = base config + overrides,
// fidelity = training budget, seed) turns into every metric. Build, validate, map,
// simulate, check the hardware constraints, train, score. No hidden state between
// points: the search loop, sweeps and parallel workers all call this one component.
// Plain C++: training comes in as a function, so LibTorch stays in nas/train.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "configs/hw_config.h"
#include "configs/overrides.h"
#include "configs/search_config.h"
#include "nas/objectives/objectives.h"
#include "nas/samplers/sampler.h"
#include "nas/study/records.h"
#include "workloads/network.h"
#include "workloads/shape.h"

namespace imc::nas {

class HardwareModel;

/// What training reports back.
struct TrainOutcome {
  enum class Status { Ok, Failed, Interrupted, Pruned };
  Status status = Status::Ok;
  std::string reason;
  Metrics metrics;  ///< accuracy_clean, accuracy_quantized, [accuracy_variation(_std)], train_seconds, epochs_run
  std::map<int, double> intermediate;  ///< validation accuracy after each epoch (1-based)
};

struct TrialPoint {
  Point params;                                      ///< the architecture, as the space's parameters
  std::vector<config::Override> hardware_overrides;  ///< on top of the study's hardware config
  config::TrainBudget fidelity;                      ///< the training budget
  uint64_t seed = 0;                                 ///< training seed
  std::string model_dir;  ///< where the trained model is saved (runs/NAME/models/trial-N); empty: not saved
};

struct TrialEvaluation {
  TrialState state = TrialState::Complete;
  Metrics metrics;
  std::optional<double> fitness;
  std::map<std::string, double> stage_seconds;  ///< build, map, simulate, train
  std::string error;
  std::string architecture;
  bool rejected_before_training = false;
  std::optional<int64_t> cached_from;  ///< not evaluated: the trial of the same point whose result this is
  std::map<int, double> intermediate;  ///< validation accuracy after each epoch trained
};

/// Scores a trial's network `net` for the chip `hw` at the point's budget and seed: trains it
/// (evaluator "train"; a non-empty point.model_dir is where the trained model goes: net.toml,
/// weights.pt, net.onnx) or reads its accuracy off a supernet (evaluator "oneshot").
using TrainFn =
    std::function<TrainOutcome(const workloads::Network& net, const config::HwConfig& hw, const TrialPoint& point)>;

/// Called when a stage starts, with the architecture once it is known.
using StageFn = std::function<void(const std::string& stage, const std::string& architecture)>;

class TrialEvaluator {
 public:
  /// `hardware` is the chip elaborated once for the study; every hardware point of the study
  /// must have its mesh (the point's own timing, energy and capacities are used).
  TrialEvaluator(config::SearchConfig cfg, HardwareModel& hardware, TrainFn train, workloads::Shape input, int classes);

  /// The hardware of a point: the study's config with its `set` overrides, then the point's.
  /// Throws config::ConfigError naming the key.
  config::HwConfig hardware_of(const TrialPoint& point) const;
  /// The architecture a point decodes to, in the space's canonical text.
  std::string architecture_of(const TrialPoint& point) const;

  /// Evaluates one point; `stop` interrupts training (the trial is then abandoned).
  TrialEvaluation evaluate(const TrialPoint& point, const std::atomic<bool>& stop, const StageFn& stage = {}) const;

 private:
  /// A point's network and hardware, built and checked.
  struct Built {
    workloads::Network net;
    config::HwConfig hw;
  };
  /// Builds the network and the hardware point; nothing (and `e` says why) when either is infeasible.
  std::optional<Built> build(const TrialPoint& point, TrialEvaluation& e) const;
  /// Maps and simulates on the chip, then checks the hardware constraints; false when the trial ends there.
  bool run_on_chip(const Built& b, TrialEvaluation& e) const;
  /// Trains and scores the trial.
  void train_and_score(const Built& b, const TrialPoint& point, const std::atomic<bool>& stop,
                       TrialEvaluation& e) const;

  config::SearchConfig m_cfg;
  config::HwConfigBase m_hw_base;  ///< the study's hardware config and its `set`, parsed once
  HardwareModel& m_hardware;
  TrainFn m_train;
  workloads::Shape m_input;
  int m_classes;
};

/// The key of a trial's result cache: the architecture and the hardware point.
std::string trial_cache_key(const std::string& architecture, const std::vector<config::Override>& hardware);

}  // namespace imc::nas
