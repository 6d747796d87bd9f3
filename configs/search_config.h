// SPDX-License-Identifier: MIT
// A search study as declared in a search TOML (docs/search.md): the space, the
// sampler, the hardware and data it is scored on, the training budget, the
// objective and the constraints. Parsed once here; nas/ turns it into a
// SearchSpace, a sampler and an evaluator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "configs/metrics.h"
#include "configs/overrides.h"

namespace imc::config {

/// The main paper's Table I space (amin2024) or NACIM's layer-wise space (nacim).
/// A hardware dimension of a co-search: a key that `--set` accepts, and its values.
struct HardwareDimension {
  std::string key;                  ///< e.g. "adc.bits"
  std::vector<std::string> values;  ///< categorical: each value's TOML text; empty for a range
  double low = 0, high = 0;         ///< a range (inclusive)
  double step = 0;                  ///< an int range's step; 0: a float range
  bool log = false;                 ///< a float range sampled log-uniformly
  int count = 0;                    ///< sweeps: grid points of a float range (0: not given)
  std::string where;                ///< file:line:col of the entry, for errors found later
  std::string key_path;             ///< "space.hardware[0].key" or "axes[1].key", for errors found later
};

struct SpaceConfig {
  std::string preset = "amin2024";
  // amin2024
  int min_blocks = 3;
  int max_blocks = 8;
  std::vector<std::string> block_types{"VGG", "MVGG", "RES"};
  std::vector<int> kernels{16, 32, 64, 128, 256};
  int head_hidden = 256;  ///< the fixed head's hidden width
  // nacim
  int conv_layers = 6;
  int fc_layers = 2;
  std::vector<int> kernel_sizes{1, 3, 5, 7};
  std::vector<int> filters{24, 36, 48, 64};
  std::vector<int> neurons{64, 128, 256, 512};
  std::vector<int> weight_bits;             ///< nacim: per-layer weight-bit choices; empty: the chip's for all
  std::vector<int> activation_bits;         ///< nacim: per-layer output-activation-bit choices; empty: the chip's
  std::vector<HardwareDimension> hardware;  ///< [[space.hardware]]: sampled with the architecture
};

struct SamplerConfig {
  std::string name = "tpe";  ///< random | tpe | nsga2 | evolution
  int startup_trials = 20;   ///< tpe
  int ei_candidates = 24;    ///< tpe
  std::string gamma = "hyperopt";
  bool multivariate = false;        ///< tpe: Optuna's multivariate TPE with group decomposition
  int population = 20;              ///< nsga2, evolution
  int sample_size = 5;              ///< evolution: trials of the population drawn to pick a parent
  double mutation_probability = 0;  ///< nsga2; 0: 1 / number of parameters
  double crossover_probability = 0.9;
};

struct TrainBudget {
  int epochs = 1;
  int subset = 0;             ///< training images per trial; 0: all
  int validation_subset = 0;  ///< validation images scored; 0: all
  int batch_size = 64;
  double learning_rate = 1e-3;
  std::string optimizer = "adam";
  double max_seconds = 0;  ///< per trial; 0: none
  int patience = 0;
  int threads = 0;
  bool noise_aware = false;
  int variation_samples = 5;
  /// accuracy_hw through the trial's crossbars and ADCs (docs/accuracy.md); on by itself when
  /// the objective or a constraint reads it.
  bool accuracy_hw = false;
  int hw_finetune_epochs = 0;  ///< the last epochs train through the crossbars (ADC-aware)
  /// Set per trial by the pruner: epoch e (index e - 1) stops the trial when its validation
  /// accuracy is below this (NaN: no check). Empty: train every epoch.
  std::vector<double> prune_below;
  /// The pruner compares the best validation accuracy so far with the bar (Optuna's median
  /// pruner), else the epoch's own (successive halving).
  bool prune_on_best_so_far = false;
};

/// Multi-fidelity pruning (docs/search.md, "Pruning"): stop a trial whose validation accuracy
/// after an epoch is poor against the trials before it.
struct PrunerConfig {
  std::string kind = "none";  ///< none | median | asha
  int min_epochs = 1;         ///< median: epochs before any check; asha: the first rung
  int reduction_factor = 3;   ///< asha: rungs at min_epochs * factor^k; the top 1/factor go on
  int startup_trials = 5;     ///< median: trials with a value at an epoch before it prunes there
};

struct MetricTerm {
  std::string metric;
  double weight = 1;
  double lo = 0, hi = 1;
};

struct ObjectiveDirection {
  std::string metric;
  bool minimize = true;
};

struct ObjectiveConfig {
  std::string kind = "fitness";  ///< fitness | nacim | pareto
  std::string fitness = "accuracy";
  double exponent = 2;                         ///< n of accuracy^n/energy
  std::string accuracy = "quantized";          ///< which accuracy is "accuracy": clean | quantized | variation
  double beta = 0.5;                           ///< nacim
  std::vector<MetricTerm> terms;               ///< nacim
  std::vector<ObjectiveDirection> objectives;  ///< pareto
};

struct ConstraintConfig {
  std::string metric;
  bool upper = true;
  double bound = 0;
};

/// A weight-sharing supernet of the space (docs/oneshot.md): trained once on the study's data,
/// then a candidate is scored by the weights it inherits from it.
struct SupernetConfig {
  int epochs = 3;  ///< passes over train.subset
  std::string sampling =
      "uniform";             ///< paths per step: uniform | sandwich (nas/oneshot/; docs/oneshot.md says why uniform)
  bool distill = false;      ///< sandwich (its default there): the other paths learn the largest path's outputs
  double learning_rate = 0;  ///< 0: train.learning_rate
  int bn_recalibration_images = 128;  ///< a candidate's BN statistics are re-estimated on these
  double checkpoint_every_s = 60;     ///< the training is saved this often (and when it stops)
  /// A path whose activations for one batch (nas/train/recomputed_forward.h) exceed this trains
  /// recomputing its blocks in the backward pass: the same gradients, less memory, a second
  /// forward. 0: every path.
  double activation_memory_mb = 512;
  int retrain_top = 5;    ///< after a one-shot search, the best K are trained from scratch
  int retrain_seeds = 1;  ///< training seeds of each retrained candidate
};

/// How a trial's accuracy is obtained.
struct EvaluatorConfig {
  std::string kind = "train";  ///< train: each candidate trained from scratch; oneshot: inherited from a supernet
  /// oneshot: the run directory of the supernet (imcnas supernet train), relative to the
  /// working directory
  std::string supernet;
};

struct SearchConfig {
  std::string source;  ///< the file the config came from
  std::string text;    ///< the file's text, stored with the study
  std::string name;    ///< run directory name under runs/
  int trials = 20;
  uint64_t seed = 0;
  SpaceConfig space;
  SamplerConfig sampler;
  std::string hw_config;  ///< path, relative paths resolved against the search TOML
  std::vector<std::string> hw_sets;
  int batch = 1;  ///< images per simulated run
  std::string data_config = "fashion-mnist";
  TrainBudget train;
  PrunerConfig pruner;
  EvaluatorConfig evaluator;
  SupernetConfig supernet;
  ObjectiveConfig objective;
  std::vector<ConstraintConfig> constraints;
};

/// The override text of a dimension's value: the categorical choice `value` indexes, or the
/// number `value` of a range (an integer for an int range).
std::string dimension_value_text(const HardwareDimension& d, double value);

/// Throws ConfigError, located at the [[space.hardware]] entry, for a dimension whose key the
/// hardware config (`hw_text`, read from `hw_source`, with `hw_sets`) does not have. A value that
/// is wrong only in combination with others is not checked here: such a point is infeasible.
void check_hardware_dimensions(const SpaceConfig& space, const std::string& hw_text, const std::string& hw_source,
                               const std::vector<std::string>& hw_sets);

/// What a search would decide without looking: for each [[space.hardware]] key that a chip's
/// accuracy depends on while the accuracy the objective scores does not see it (ADC bits under
/// `quantized` accuracy), a warning naming the entry and the key. Such a dimension reaches the
/// objective only through its cost, so the search can only pick its cheapest value.
std::vector<std::string> search_config_warnings(const SearchConfig& cfg);

/// The config a run used, as TOML: its text with `overrides` (key=value) applied and its
/// hardware and data paths made absolute, so the file reproduces the run from anywhere. The
/// header names the source and the overrides, and `original_kept_in` (if not empty) where the
/// file as written is kept (study.db); comments of the original are not kept.
std::string effective_search_config_text(const SearchConfig& cfg, const std::vector<std::string>& overrides,
                                         const std::string& original_kept_in);

/// Why `name` cannot name a run directory (it must be one plain path component), or nothing.
std::optional<std::string> run_name_problem(const std::string& name);

/// Reads a search TOML; throws ConfigError naming the file, line and key path.
SearchConfig load_search_config(const std::string& path, const std::vector<Override>& overrides = {});
/// Same from text; `source` is the file name relative paths resolve against.
SearchConfig parse_search_config(const std::string& text, const std::string& source,
                                 const std::vector<Override>& overrides = {});

}  // namespace imc::config
