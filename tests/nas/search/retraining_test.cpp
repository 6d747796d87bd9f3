// SPDX-License-Identifier: MIT
// Retraining a one-shot search's best trials: which trials, which seeds, what is recorded, and
// that a second run repeats nothing. Training here is a recording function (the wiring in
// milliseconds); tests/cli/search_cli_test.cpp retrains for real with LibTorch.
#include "nas/search/retraining.h"

#include <gtest/gtest.h>

#include "configs/search_config.h"
#include "nas/search/hardware_model.h"
#include "tests/test_util.h"

namespace imc::nas {
namespace {

using explore::TrialRecord;
using explore::TrialState;

TrialRecord trial(int64_t number, TrialState state, std::optional<double> fitness, Point params = {}) {
  TrialRecord t;
  t.number = number;
  t.state = state;
  t.fitness = fitness;
  t.params = std::move(params);
  return t;
}

TEST(Retraining, TheBestCompleteEvaluatedTrialsAreSelected) {
  std::vector<TrialRecord> t{trial(0, TrialState::Complete, 1.0),        trial(1, TrialState::Complete, 3.0),
                             trial(2, TrialState::Failed, std::nullopt), trial(3, TrialState::Complete, 3.0),
                             trial(4, TrialState::Complete, 2.0),        trial(5, TrialState::Complete, 5.0)};
  t[5].cached_from = 1;                                                // a repeat of trial 1: not a point of its own
  EXPECT_EQ(retrain_selection(t, 3), (std::vector<size_t>{1, 3, 4}));  // ties keep trial order
  EXPECT_EQ(retrain_selection(t, 10), (std::vector<size_t>{1, 3, 4, 0}));
  EXPECT_TRUE(retrain_selection(t, 0).empty());
}

TEST(Retraining, EachSelectedPointTrainsOncePerSeedAndIsRecorded) {
  config::SearchConfig cfg = config::parse_search_config(
      "[study]\ntrials = 3\nseed = 10\n[space]\nmin_blocks = 1\nmax_blocks = 1\nkernels = [8, 16]\nhead_hidden = 16\n"
      "[hardware]\nconfig = \"" +
          test::source_path("configs/hw/mnsim-2024.toml") +
          "\"\n[objective]\nfitness = \"accuracy/energy\"\n[supernet]\nretrain_top = 1\nretrain_seeds = 2\n",
      "study.toml");
  HardwareModel hardware(config::load_hw_config(cfg.hw_config), 1);
  std::vector<uint64_t> seeds;
  std::vector<double> kernels;
  const TrialEvaluator trainer(
      cfg, hardware,
      [&](const workloads::Network&, const config::HwConfig&, const TrialPoint& p) {
        seeds.push_back(p.seed);
        kernels.push_back(p.params.at("k1"));
        return TrainOutcome{TrainOutcome::Status::Ok, "", {{"accuracy_clean", 0.6}, {"accuracy_quantized", 0.6}}};
      },
      {16, 16, 1, false}, 4);
  const std::string path = test::fresh_db_path("retraining.db");
  explore::StudyDb db = explore::StudyDb::create(path, {"oneshot", "", "random", 10});
  for (double k : {0.0, 1.0}) {
    const int64_t n = db.begin_trial({{"n_blocks", 1}, {"bt1", 0}, {"k1", k}}, 1);
    db.finish_trial(n, TrialState::Complete, {{"accuracy", 0.5}}, k == 1 ? 2.0 : 1.0, {});
  }
  const std::atomic<bool> stop{false};
  std::vector<std::string> architectures;
  EXPECT_EQ(retrain_best(cfg, db, trainer, stop,
                         [&](const explore::RetrainRecord&, const TrialRecord&, const std::string& a) {
                           architectures.push_back(a);
                         }),
            2);
  EXPECT_EQ(seeds, (std::vector<uint64_t>{11, 12}));  // the study's seed + 1, + 2
  EXPECT_EQ(kernels, (std::vector<double>{1, 1}));    // the best trial (fitness 2), K = 16
  EXPECT_EQ(architectures, (std::vector<std::string>{"VGG/16", "VGG/16"}));
  const std::vector<explore::RetrainRecord> r = db.retrained();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].trial, 1);
  EXPECT_DOUBLE_EQ(r[0].metrics.at("accuracy"), 0.6);
  EXPECT_TRUE(r[0].fitness.has_value());
  EXPECT_GT(r[0].metrics.at("latency_ms"), 0) << "the full trial: chip metrics too";
  // Done is done: a second run (a resumed study) trains nothing.
  EXPECT_EQ(retrain_best(cfg, db, trainer, stop), 0);
  EXPECT_EQ(seeds.size(), 2u);
}

}  // namespace
}  // namespace imc::nas
