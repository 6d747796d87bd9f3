// SPDX-License-Identifier: MIT
// Training and IMC-aware evaluation of a network of the IR. The interface is
// plain C++; LibTorch stays inside nas/train/*.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "configs/hw_config.h"
#include "nas/train/dataset.h"
#include "workloads/net_weights.h"
#include "workloads/network.h"

namespace imc::nas {

/// Fake quantization with a straight-through estimator. 0 bits: off.
/// The network's own per-layer bits (its TOML) refine these where it has them.
struct QuantSpec {
  int weight_bits = 0;      ///< including the sign bit
  int activation_bits = 0;  ///< every tensor the hardware writes (mapping/precision.h)
  /// Evaluation quantizes activations with fixed ranges: this percentile of |x| on the
  /// calibration images (HwAccuracySpec::calibration_images), measured once per trained network.
  double activation_percentile = 99.99;
};

/// Gaussian conductance variation of the cells holding bit-sliced weights.
struct VariationSpec {
  double sigma_levels = 0;   ///< per cell, in units of one conductance level
  int cell_bits = 1;         ///< bits stored per cell (crossbar.bits_per_cell)
  int weight_bits = 9;       ///< the stored weight width when QuantSpec has none
  bool noise_aware = false;  ///< one Monte-Carlo sample per training forward pass (NACIM)
  int samples = 10;          ///< Monte-Carlo samples for evaluation
};

/// Accuracy through the mapped crossbars, DACs and ADCs of a chip (docs/accuracy.md).
struct HwAccuracySpec {
  std::optional<config::HwConfig> chip;  ///< none: no accuracy_hw
  int samples = 10;                      ///< Monte-Carlo chips when the chip draws variation or faults
  int finetune_epochs = 0;               ///< the last epochs train through the crossbars (ADC-aware)
  int calibration_images = 256;          ///< training images the activation and calibrated ADC ranges are taken from
  uint64_t seed = 0;                     ///< of the chips' variation and faults
};

/// One chip a trained network is also evaluated on (an ADC or crossbar study): accuracy_hw on
/// it, after `finetune_epochs` of ADC-aware fine-tuning from the trained weights on the first
/// `finetune_subset` training images (0: all).
struct ChipStudyPoint {
  config::HwConfig chip;
  int finetune_epochs = 0;
  size_t finetune_subset = 0;
};

struct ChipStudyResult {
  double hw_mean = 0, hw_std = 0;
  int samples = 0;
  double seconds = 0;  ///< fine-tuning and evaluation
};

struct TrainConfig {
  std::string optimizer = "adam";  ///< adam | sgd
  double learning_rate = 1e-3;
  double momentum = 0.9;  ///< sgd
  int batch_size = 64;
  int epochs = 1;
  size_t subset = 0;       ///< train on the first N training images; 0: all
  double max_seconds = 0;  ///< wall-clock cap on training; 0: none
  int patience = 0;        ///< stop after this many epochs without a better validation accuracy; 0: off
  uint64_t seed = 0;
  int threads = 0;             ///< 0: all cores
  bool evaluate_test = false;  ///< also report test-set accuracy (final reports, never the search)
  /// Also the float (clean) accuracy, a pass of its own over the images; false: NaN (a one-shot
  /// search whose objective and constraints do not read it).
  bool evaluate_clean = true;
  /// Images per evaluation forward (clean, quantized, under variation): speed only, the results
  /// do not depend on it. 256 rather than 64: a one-shot estimate 15 % faster (docs/oneshot.md).
  int eval_batch = 256;
  /// The same through the crossbars (accuracy_hw): its im2col buffers grow with it; past ~64
  /// images they are mmap-sized allocations whose page faults cost more than the products.
  int hw_eval_batch = 64;
  QuantSpec quant;
  VariationSpec variation;
  HwAccuracySpec hw;
  std::vector<ChipStudyPoint> chip_study;  ///< evaluated on the validation split after training
  std::function<bool()> should_stop;       ///< polled every batch; true: return Interrupted
  /// The pruner's bar after each epoch (index epoch - 1; NaN: none): below it, training stops
  /// and the result is marked pruned (docs/search.md, "Pruning").
  std::vector<double> prune_below;
  bool prune_on_best = false;  ///< the bar is compared with the best validation accuracy so far, else the epoch's
  /// Training starts from these (an imported ONNX model's); empty: PyTorch's initialization.
  workloads::NetWeights initial_weights;
  bool keep_weights = false;  ///< return the trained weights in TrainResult::weights
};

struct EpochProgress {
  int epoch = 0;  ///< 1-based
  int epochs = 0;
  double train_loss = 0;
  double train_accuracy = 0;
  double validation_accuracy = 0;
  double seconds = 0;  ///< since training started
  double samples_per_s = 0;
};
using ProgressFn = std::function<void(const EpochProgress&)>;

/// Accuracy on one split, as software and as the hardware would deliver it.
struct Accuracy {
  double clean = 0;           ///< float weights and activations
  double quantized = 0;       ///< BN folded, weights and activations fake-quantized
  double variation_mean = 0;  ///< quantized plus cell variation, over the Monte-Carlo samples
  double variation_std = 0;
  bool has_variation = false;
  /// Through the crossbars (HwAccuracySpec): mean and std over the Monte-Carlo chips.
  double hw_mean = 0;
  double hw_std = 0;
  int hw_samples = 0;         ///< 0: not evaluated
  int hw_dead_crossbars = 0;  ///< crossbars without a working cell, the most of any chip
};

enum class TrainStatus { Ok, Failed, Interrupted };

struct TrainResult {
  TrainStatus status = TrainStatus::Ok;
  std::string reason;  ///< why it failed, or why it stopped early
  int epochs_run = 0;
  int best_epoch = 0;
  bool stopped_early = false;
  bool pruned = false;  ///< stopped by the pruner's bar (reason says after which epoch)
  bool hit_time_cap = false;
  double train_seconds = 0;
  double samples_per_s = 0;  ///< training throughput
  Accuracy validation;
  std::optional<Accuracy> test;
  std::vector<EpochProgress> history;
  std::optional<double> hw_before_finetune;  ///< accuracy_hw (validation) before ADC-aware fine-tuning
  std::vector<ChipStudyResult> chip_study;   ///< one per TrainConfig::chip_study point
  workloads::NetWeights weights;             ///< the trained weights (TrainConfig::keep_weights)
};

/// Trains and evaluates. A NaN or inf loss returns status Failed with the reason; it never
/// aborts the process. Throws std::invalid_argument if the network does not fit the data.
TrainResult train_and_evaluate(const workloads::Network& net, const DataSplits& data, const TrainConfig& cfg,
                               const ProgressFn& progress = {});

/// Scores given weights without training them (a candidate's weights inherited from a
/// supernet, BN statistics included) as train_and_evaluate evaluates (validation, and test
/// when cfg.evaluate_test). cfg.epochs and the budget keys are not used.
TrainResult evaluate_weights(const workloads::Network& net, const DataSplits& data, const TrainConfig& cfg,
                             const workloads::NetWeights& weights);

/// A forward and backward pass on random input: the output shape, and how many parameter
/// tensors got no gradient (0 for a well-formed network).
struct NetCheck {
  std::vector<int64_t> output_shape;
  int params_without_grad = 0;
  int64_t parameters = 0;
};
NetCheck check_network(const workloads::Network& net, int batch, uint64_t seed = 0);

/// The chip decides the bit widths and the cells: its quantization bits, its cell bits and its
/// device variation; accuracy_hw is evaluated on it.
void use_chip(TrainConfig& cfg, const config::HwConfig& hw);

/// Std of the noise on an integer weight of `weight_bits` (sign included) stored in cells of
/// `cell_bits`, each cell varying by sigma_levels; both crossbars of the pair contribute.
double weight_noise_std(double sigma_levels, int weight_bits, int cell_bits);

}  // namespace imc::nas
