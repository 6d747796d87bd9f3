// SPDX-License-Identifier: MIT
// The trial evaluator: a point in (architecture, hardware overrides, budget, seed), metrics
// out. The hardware point reaches the mapper, the SystemC chip and training. Training here is
// a recording function, so the test checks the wiring in milliseconds; the end-to-end search
// tests (tests/cli/search_cli_test.cpp) train for real with LibTorch.
#include "nas/search/trial_evaluator.h"

#include <gtest/gtest.h>

#include "configs/search_config.h"
#include "nas/search/hardware_model.h"
#include "tests/test_util.h"

namespace imc::nas {
namespace {

config::SearchConfig study() {
  return config::parse_search_config(
      "[study]\ntrials = 3\n[space]\nmin_blocks = 1\nmax_blocks = 1\nkernels = [8]\nhead_hidden = 16\n"
      "[hardware]\nconfig = \"" +
          test::source_path("configs/hw/mnsim-2024.toml") + "\"\n[objective]\nfitness = \"accuracy/energy\"\n",
      "study.toml");
}

TEST(TrialEvaluator, TheHardwarePointReachesMappingSimulationAndTraining) {
  const config::SearchConfig cfg = study();
  HardwareModel hardware(config::load_hw_config(cfg.hw_config), 1);
  std::vector<config::HwConfig> trained_on;
  const TrialEvaluator evaluator(
      cfg, hardware,
      [&](const workloads::Network&, const config::HwConfig& hw, const TrialPoint&) {
        trained_on.push_back(hw);
        return TrainOutcome{TrainOutcome::Status::Ok, "", {{"accuracy_clean", 0.5}, {"accuracy_quantized", 0.5}}};
      },
      {16, 16, 1, false}, 4);
  const Point arch{{"n_blocks", 1}, {"bt1", 0}, {"k1", 0}};
  const std::atomic<bool> stop{false};
  const TrialEvaluation base = evaluator.evaluate({arch, {}, cfg.train, 1, ""}, stop);
  const TrialEvaluation slow_adc = evaluator.evaluate(
      {arch, {{"adc.sample_rate_gsps", "0.32", "point"}, {"quantization.weight_bits", "5", "point"}}, cfg.train, 1, ""},
      stop);
  const TrialEvaluation again = evaluator.evaluate({arch, {}, cfg.train, 1, ""}, stop);
  ASSERT_EQ(base.state, TrialState::Complete) << base.error;
  ASSERT_EQ(slow_adc.state, TrialState::Complete) << slow_adc.error;
  EXPECT_GT(slow_adc.metrics.at("latency_ms"), base.metrics.at("latency_ms")) << "a 4x slower ADC shows in latency";
  EXPECT_LT(slow_adc.metrics.at("crossbars"), base.metrics.at("crossbars")) << "5-bit weights need fewer slices";
  EXPECT_EQ(again.metrics, base.metrics) << "no state carried from one point to the next";
  ASSERT_EQ(trained_on.size(), 3u);
  EXPECT_EQ(trained_on[1].quantization.weight_bits, 5) << "training sees the point's hardware";
  EXPECT_EQ(trained_on[0].quantization.weight_bits, 9);
}

TEST(TrialEvaluator, AnInvalidHardwarePointIsInfeasibleWithTheConfigError) {
  const config::SearchConfig cfg = study();
  HardwareModel hardware(config::load_hw_config(cfg.hw_config), 1);
  bool trained = false;
  const TrialEvaluator evaluator(
      cfg, hardware,
      [&](const workloads::Network&, const config::HwConfig&, const TrialPoint&) {
        trained = true;
        return TrainOutcome{};
      },
      {16, 16, 1, false}, 4);
  const std::atomic<bool> stop{false};
  const Point arch{{"n_blocks", 1}, {"bt1", 0}, {"k1", 0}};
  const TrialEvaluation two_bit_cells =
      evaluator.evaluate({arch, {{"crossbar.bits_per_cell", "2", "point"}}, cfg.train, 1, ""}, stop);
  EXPECT_EQ(two_bit_cells.state, TrialState::Infeasible);
  EXPECT_NE(two_bit_cells.error.find("invalid hardware point"), std::string::npos) << two_bit_cells.error;
  EXPECT_NE(two_bit_cells.error.find("crossbar.bits_per_cell"), std::string::npos) << two_bit_cells.error;
  const TrialEvaluation other_mesh =
      evaluator.evaluate({arch, {{"chip.mesh_cols", "32", "point"}}, cfg.train, 1, ""}, stop);
  EXPECT_EQ(other_mesh.state, TrialState::Infeasible);
  EXPECT_NE(other_mesh.error.find("64x32 mesh"), std::string::npos) << other_mesh.error;
  EXPECT_FALSE(trained);
}

TEST(TrialEvaluator, TheCacheKeyHoldsTheHardwarePoint) {
  EXPECT_EQ(trial_cache_key("VGG/8", {}), "VGG/8");
  EXPECT_NE(trial_cache_key("VGG/8", {{"adc.bits", "6", ""}}), trial_cache_key("VGG/8", {{"adc.bits", "7", ""}}));
}

}  // namespace
}  // namespace imc::nas
