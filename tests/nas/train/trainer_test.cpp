// SPDX-License-Identifier: MIT
// The IR-to-LibTorch module, training and IMC-aware evaluation on small generated data.
#include "nas/train/trainer.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "configs/policy_names.h"
#include "nas/train/optimizers.h"
#include "tests/nas/train/generated_data.h"
#include "tests/test_util.h"
#include "workloads/library.h"

namespace imc::nas {
namespace {

class BuiltinNets : public ::testing::TestWithParam<const char*> {};

TEST_P(BuiltinNets, ForwardShapeAndEveryParameterGetsAGradient) {
  workloads::NetRequest req;
  req.net = GetParam();
  const workloads::Network net = workloads::load_network(req);
  const NetCheck c = check_network(net, 2);
  EXPECT_EQ(c.output_shape, (std::vector<int64_t>{2, net.output().out.channels}));
  EXPECT_EQ(c.params_without_grad, 0);
  EXPECT_EQ(c.parameters, net.total_params());
}

INSTANTIATE_TEST_SUITE_P(All, BuiltinNets,
                         ::testing::Values("lenet", "alexnet", "vgg8", "vgg16", "resnet18", "nacim", "modela",
                                           "mobilenet"));

using test_data::two_halves;

workloads::Network tiny_net() {
  workloads::NetRequest req;
  req.net = "blocks:MVGG/4";
  req.input = workloads::Shape{8, 8, 1, false};
  req.classes = 2;
  req.head_hidden = 8;
  return workloads::load_network(req);
}

TrainConfig tiny_config() {
  TrainConfig cfg;
  cfg.epochs = 3;
  cfg.batch_size = 16;
  cfg.threads = 1;
  cfg.seed = 7;
  cfg.quant.weight_bits = 9;
  cfg.quant.activation_bits = 9;
  return cfg;
}

TEST(Optimizers, TheRegistryMakesExactlyTheOptimizersTheConfigLayerAccepts) {
  EXPECT_EQ(optimizer_registry().names(), config::optimizer_names());
  TrainConfig cfg;
  std::vector<torch::Tensor> params{torch::zeros({2}, torch::requires_grad())};
  EXPECT_NE(dynamic_cast<torch::optim::SGD*>(optimizer_registry().at("sgd")(params, cfg).get()), nullptr);
  EXPECT_NE(dynamic_cast<torch::optim::Adam*>(optimizer_registry().at("adam")(params, cfg).get()), nullptr);
}

TEST(Trainer, BeatsChanceOnASmallGeneratedDataset) {
  std::vector<EpochProgress> seen;
  const TrainResult r = train_and_evaluate(tiny_net(), two_halves(256, 64, 1), tiny_config(),
                                           [&](const EpochProgress& p) { seen.push_back(p); });
  ASSERT_EQ(r.status, TrainStatus::Ok) << r.reason;
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_GT(r.validation.clean, 0.9);
  EXPECT_GT(r.validation.quantized, 0.9);  // 9 bits barely matter
  EXPECT_GT(r.samples_per_s, 0);
}

TEST(Trainer, OneThreadIsDeterministic) {
  const TrainResult a = train_and_evaluate(tiny_net(), two_halves(128, 32, 2), tiny_config());
  const TrainResult b = train_and_evaluate(tiny_net(), two_halves(128, 32, 2), tiny_config());
  ASSERT_EQ(a.history.size(), b.history.size());
  for (size_t i = 0; i < a.history.size(); ++i) EXPECT_EQ(a.history[i].train_loss, b.history[i].train_loss);
  EXPECT_EQ(a.validation.clean, b.validation.clean);
}

TEST(Trainer, ANanLossIsAFailedRunNotACrash) {
  DataSplits d = two_halves(64, 16, 3);
  d.std = {0.0};  // inputs become inf, and the loss NaN
  const TrainResult r = train_and_evaluate(tiny_net(), d, tiny_config());
  EXPECT_EQ(r.status, TrainStatus::Failed);
  EXPECT_NE(r.reason.find("loss became"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("epoch 1, batch 1"), std::string::npos) << r.reason;
}

TEST(Trainer, VariationIsEvaluatedWithMonteCarloSamples) {
  TrainConfig cfg = tiny_config();
  cfg.variation.sigma_levels = 2.0;  // heavy: the hardware view must suffer
  cfg.variation.samples = 4;
  cfg.variation.cell_bits = 1;
  const TrainResult r = train_and_evaluate(tiny_net(), two_halves(256, 64, 4), cfg);
  ASSERT_EQ(r.status, TrainStatus::Ok) << r.reason;
  EXPECT_TRUE(r.validation.has_variation);
  EXPECT_LT(r.validation.variation_mean, r.validation.quantized);
  EXPECT_GT(r.validation.variation_std, 0);
}

TEST(Trainer, EarlyStoppingAndTheTimeCap) {
  TrainConfig cfg = tiny_config();
  cfg.epochs = 50;
  cfg.patience = 1;
  const TrainResult early = train_and_evaluate(tiny_net(), two_halves(128, 32, 5), cfg);
  EXPECT_TRUE(early.stopped_early);
  EXPECT_LT(early.epochs_run, 50);
  cfg.patience = 0;
  cfg.max_seconds = 1e-6;
  const TrainResult capped = train_and_evaluate(tiny_net(), two_halves(128, 32, 5), cfg);
  EXPECT_TRUE(capped.hit_time_cap);
  EXPECT_EQ(capped.epochs_run, 1);
  EXPECT_EQ(capped.status, TrainStatus::Ok);
}

// The median pruner compares the best validation accuracy so far with its bar, successive
// halving the epoch's own (Optuna's rules): a dip below the bar after a better epoch prunes
// only the latter.
TEST(Trainer, ThePrunerComparesTheBestSoFarOrTheEpochsOwn) {
  TrainConfig cfg = tiny_config();
  cfg.epochs = 8;
  cfg.optimizer = "sgd";
  cfg.learning_rate = 0.5;
  const DataSplits d = two_halves(96, 64, 9);
  const TrainResult free = train_and_evaluate(tiny_net(), d, cfg);
  ASSERT_EQ(free.status, TrainStatus::Ok) << free.reason;
  // The first epoch whose accuracy is below an earlier one's.
  int dip = 0;
  double best_before = 0;
  for (size_t e = 0; e + 1 < free.history.size() && !dip; ++e) {
    if (e > 0 && free.history[e].validation_accuracy < best_before) dip = static_cast<int>(e) + 1;
    best_before = std::max(best_before, free.history[e].validation_accuracy);
  }
  ASSERT_GT(dip, 0) << "the learning curve needs a dip for this test";
  const double now = free.history[static_cast<size_t>(dip - 1)].validation_accuracy;
  cfg.prune_below.assign(static_cast<size_t>(cfg.epochs), std::numeric_limits<double>::quiet_NaN());
  cfg.prune_below[static_cast<size_t>(dip - 1)] = 0.5 * (now + best_before);  // between the dip and the best before
  const TrainResult on_epoch = train_and_evaluate(tiny_net(), d, cfg);
  EXPECT_TRUE(on_epoch.pruned);
  EXPECT_EQ(on_epoch.epochs_run, dip);
  cfg.prune_on_best = true;
  const TrainResult on_best = train_and_evaluate(tiny_net(), d, cfg);
  EXPECT_FALSE(on_best.pruned) << on_best.reason;
  EXPECT_EQ(on_best.epochs_run, cfg.epochs);
}

TEST(Trainer, ANetworkThatDoesNotMatchTheDataIsAClearError) {
  workloads::NetRequest req;
  req.net = "lenet";
  const std::string error = imc::test::error_of<std::invalid_argument>(
      [&] { train_and_evaluate(workloads::load_network(req), two_halves(16, 4, 6), tiny_config()); });
  EXPECT_NE(error.find("takes 32x32x3 input, the dataset has 8x8x1 images"), std::string::npos) << error;
}

TEST(VariationModel, NoiseStdOfBitSlicedWeights) {
  // 9-bit weights in 1-bit cells: 8 slices weighted 2^0..2^7, two crossbars:
  // sqrt(2 * (4^8 - 1) / 3) = sqrt(43690) per unit of cell sigma.
  EXPECT_NEAR(weight_noise_std(1.0, 9, 1), std::sqrt(43690.0), 1e-9);
  // 2-bit cells: 4 slices weighted 4^0..4^3: sqrt(2 * (1 + 16 + 256 + 4096)).
  EXPECT_NEAR(weight_noise_std(0.5, 9, 2), 0.5 * std::sqrt(2.0 * 4369), 1e-9);
}

}  // namespace
}  // namespace imc::nas

namespace imc::nas {
namespace {

TrainConfig on_chip(const std::vector<std::string>& sets) {
  TrainConfig cfg = tiny_config();
  use_chip(cfg, config::load_hw_config(test::source_path("configs/hw/mnsim-2024.toml"), config::parse_overrides(sets)));
  return cfg;
}

// accuracy_hw follows the ADC: a 2-bit ADC (codes -1, 0, 1) ruins what 8 bits keep.
TEST(AccuracyHw, FollowsTheAdcBits) {
  const DataSplits d = two_halves(256, 64, 5);
  const TrainResult wide = train_and_evaluate(tiny_net(), d, on_chip({"adc.bits=8"}));
  const TrainResult narrow = train_and_evaluate(tiny_net(), d, on_chip({"adc.bits=2"}));
  ASSERT_EQ(wide.status, TrainStatus::Ok) << wide.reason;
  EXPECT_EQ(wide.validation.hw_samples, 1);  // nothing drawn: one chip
  EXPECT_GT(wide.validation.hw_mean, 0.9);
  EXPECT_EQ(narrow.validation.quantized, wide.validation.quantized);  // the same training
  EXPECT_LT(narrow.validation.hw_mean, wide.validation.hw_mean - 0.2);
}

// The chip's activation ranges are calibrated once: the accuracies do not depend on how many
// validation images go through one forward.
TEST(AccuracyHw, TheAccuraciesDoNotDependOnTheEvaluationBatch) {
  const DataSplits d = two_halves(128, 61, 8);
  TrainConfig cfg = on_chip({"adc.bits=5", "quantization.activation_bits=3"});
  cfg.epochs = 1;
  std::vector<Accuracy> seen;
  for (int batch : {256, 64, 7, 1}) {
    cfg.eval_batch = batch;
    cfg.hw_eval_batch = batch;
    const TrainResult r = train_and_evaluate(tiny_net(), d, cfg);
    ASSERT_EQ(r.status, TrainStatus::Ok) << r.reason;
    seen.push_back(r.validation);
  }
  for (const Accuracy& a : seen) {
    EXPECT_EQ(a.quantized, seen[0].quantized);
    EXPECT_EQ(a.hw_mean, seen[0].hw_mean);
  }
}

// Stuck cells: a Monte-Carlo over chips; every cell stuck leaves dead crossbars, counted.
TEST(AccuracyHw, StuckAtFaultsAreSampledAndDeadCrossbarsCounted) {
  const DataSplits d = two_halves(128, 32, 6);
  TrainConfig cfg = on_chip({"device.saf_0_rate=0.02", "device.saf_1_rate=0.02"});
  cfg.hw.samples = 3;
  const TrainResult r = train_and_evaluate(tiny_net(), d, cfg);
  ASSERT_EQ(r.status, TrainStatus::Ok) << r.reason;
  EXPECT_EQ(r.validation.hw_samples, 3);
  EXPECT_EQ(r.validation.hw_dead_crossbars, 0);
  const TrainResult all =
      train_and_evaluate(tiny_net(), d, on_chip({"device.saf_0_rate=0.5", "device.saf_1_rate=0.5"}));
  ASSERT_EQ(all.status, TrainStatus::Ok) << all.reason;
  EXPECT_GT(all.validation.hw_dead_crossbars, 0);
}

// ADC-aware fine-tuning: the last epoch trains through the crossbars and recovers what a 2-bit
// ADC took (0.64 -> 0.97 when written); accuracy_hw before it is reported next to the one after.
TEST(AccuracyHw, FineTuningThroughTheCrossbarsRaisesAccuracyHw) {
  TrainConfig cfg = on_chip({"adc.bits=2", "adc.range=\"calibrated\"", "adc.range_percentile=99"});
  cfg.hw.finetune_epochs = 1;
  const TrainResult r = train_and_evaluate(tiny_net(), two_halves(256, 64, 7), cfg);
  ASSERT_EQ(r.status, TrainStatus::Ok) << r.reason;
  ASSERT_TRUE(r.hw_before_finetune.has_value());
  EXPECT_EQ(r.epochs_run, 3);
  EXPECT_LT(*r.hw_before_finetune, 0.8);  // the 2-bit ADC hurts the trained network
  EXPECT_GT(r.validation.hw_mean, *r.hw_before_finetune + 0.15);
}

// One training, several chips: each is evaluated from the same trained weights, fine-tuned or not.
TEST(AccuracyHw, AChipStudyEvaluatesOneTrainedNetworkOnEveryChip) {
  TrainConfig cfg = on_chip({"adc.bits=8"});
  auto chip = [](const char* bits) {
    return config::load_hw_config(test::source_path("configs/hw/mnsim-2024.toml"),
                                  config::parse_overrides({std::string("adc.bits=") + bits}));
  };
  cfg.chip_study = {{chip("8"), 0, 0}, {chip("2"), 0, 0}, {chip("2"), 1, 64}};
  const TrainResult r = train_and_evaluate(tiny_net(), two_halves(256, 64, 5), cfg);
  ASSERT_EQ(r.status, TrainStatus::Ok) << r.reason;
  ASSERT_EQ(r.chip_study.size(), 3u);
  EXPECT_EQ(r.chip_study[0].hw_mean, r.validation.hw_mean);  // the training chip again
  EXPECT_LT(r.chip_study[1].hw_mean, r.chip_study[0].hw_mean - 0.2);
  EXPECT_EQ(r.chip_study[2].samples, 1);
}

}  // namespace
}  // namespace imc::nas
