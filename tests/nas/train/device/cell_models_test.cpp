// SPDX-License-Identifier: MIT
// The cell models, the drift compensations and the converter errors through the crossbar forward.
#include <gtest/gtest.h>

#include "configs/policy_names.h"
#include "nas/train/device/cell_model.h"
#include "nas/train/hw_forward.h"
#include "nas/train/trainer.h"

namespace imc::nas {
namespace {

TEST(CellModels, TheRegistriesHoldWhatTheConfigLayerAccepts) {
  EXPECT_EQ(cell_models().names(), config::cell_model_names());
  EXPECT_EQ(drift_compensations().names(), config::drift_compensation_names());
}

/// A crossbar of 64 x 16 random 8-bit weights on 1-bit cells, a 16-bit ADC (nothing clipped or
/// lost to the converter), and its product with 32 random 4-bit inputs.
struct Bench {
  torch::Tensor w = torch::randint(-127, 128, {64, 16}, torch::kDouble);
  torch::Tensor x = torch::randint(0, 16, {32, 64}, torch::kDouble);
  CrossbarGeometry g{64, 8, 1, 1, 16};
  torch::Tensor product(const ChipDevice& d, uint64_t seed, uint64_t noise_seed = 0) const {
    return ProgrammedCrossbars(w, g, d, at::make_generator<at::CPUGeneratorImpl>(seed)).multiply(x, 4, 0, noise_seed);
  }
};

ChipDevice drifting(double time_s, const std::string& compensation) {
  ChipDevice d;
  d.cells.model = "pcm";
  d.cells.time_s = time_s;
  d.cells.prog_noise_scale = 0;  // drift alone: what a compensation can undo
  d.cells.read_noise_scale = 0;
  d.cells.drift_compensation = compensation;
  return d;
}

double mean_abs(const torch::Tensor& t) { return t.abs().mean().item<double>(); }

// A year after programming every conductance has shrunk by its own (t / t0)^-ν: the outputs
// shrink by about half (ν ≈ 0.05 here); one global factor read from the crossbars brings their
// scale back.
TEST(DriftCompensation, RestoresTheOutputScaleThatDriftTakes) {
  torch::manual_seed(1);
  const Bench b;
  const torch::Tensor ideal = b.product(ChipDevice{}, 1);
  const torch::Tensor drifted = b.product(drifting(3.15e7, "none"), 1);
  const torch::Tensor global = b.product(drifting(3.15e7, "global"), 1);
  const torch::Tensor per_column = b.product(drifting(3.15e7, "per_column"), 1);
  EXPECT_LT(mean_abs(drifted) / mean_abs(ideal), 0.6);
  EXPECT_NEAR(mean_abs(global) / mean_abs(ideal), 1.0, 0.03);
  // Per column, what is left is each device's own ν (a spread of about 11 % in its factor), which
  // no column factor undoes: per-column compensation only takes out the columns' common part.
  auto column_error = [&](const torch::Tensor& y) {
    return ((y.abs().mean(0) / ideal.abs().mean(0)) - 1).abs().mean().item<double>();
  };
  EXPECT_LT(column_error(per_column), column_error(global));
  // Right after programming there is nothing to compensate.
  EXPECT_TRUE(torch::allclose(b.product(drifting(0, "global"), 1), b.product(drifting(0, "none"), 1), 1e-9));
}

// Converter errors: the offset moves even a silent input's codes, the thermal noise of a product
// is drawn from its noise seed (so a chip is reproducible) and not from how the work is threaded.
TEST(AdcErrors, OffsetsAndThermalNoiseAreDrawnReproducibly) {
  torch::manual_seed(2);
  Bench b;
  ChipDevice offset;
  offset.adc_offset_sigma_lsb = 3;
  const torch::Tensor silent = torch::zeros({4, 64}, torch::kDouble);
  const ProgrammedCrossbars ideal(b.w, b.g, ChipDevice{}, at::make_generator<at::CPUGeneratorImpl>(1));
  EXPECT_EQ(mean_abs(ideal.multiply(silent, 4)), 0);
  const ProgrammedCrossbars off(b.w, b.g, offset, at::make_generator<at::CPUGeneratorImpl>(1));
  EXPECT_GT(mean_abs(off.multiply(silent, 4)), 1);

  ChipDevice thermal;
  thermal.adc_thermal_noise_lsb = 2;
  b.x = torch::randint(0, 16, {2000, 64}, torch::kDouble);  // several chunks of inputs
  const int threads = at::get_num_threads();
  at::set_num_threads(2);
  const torch::Tensor a = b.product(thermal, 1, 77);
  EXPECT_TRUE(torch::equal(a, b.product(thermal, 1, 77)));
  EXPECT_FALSE(torch::equal(a, b.product(thermal, 1, 78)));
  at::set_num_threads(1);
  const torch::Tensor one_thread = b.product(thermal, 1, 77);
  at::set_num_threads(threads);
  EXPECT_TRUE(torch::equal(a, one_thread));
  // Noise of 2 LSB on every conversion: the products move, by about what the noise predicts.
  EXPECT_GT(mean_abs(a - b.product(ChipDevice{}, 1)), 0.5);
}

// The gaussian model with no variation draws nothing: a chip of it is the ideal chip, bit for bit.
TEST(CellModels, GaussianWithoutVariationIsTheIdealChip) {
  torch::manual_seed(3);
  const Bench b;
  EXPECT_FALSE(cell_models().at("gaussian")->draws(config::DeviceConfig{}));
  ChipDevice pcm;
  pcm.cells.model = "pcm";
  EXPECT_TRUE(pcm.draws());
  EXPECT_FALSE(pcm.without_draws().draws());
  EXPECT_TRUE(torch::equal(b.product(ChipDevice{}, 1), b.product(ChipDevice{}, 2)));
}

}  // namespace
}  // namespace imc::nas

namespace imc::nas {
namespace {

// Noise-aware training draws its weights from the chip's own cells. With the gaussian model the
// codes move by the weight-noise model's spread (both crossbars of the pair, every slice), and
// a PCM chip a day after programming, globally compensated, holds its weights on average.
TEST(TrainingCells, HoldTheWeightsAsTheCellModelDoes) {
  torch::manual_seed(4);
  const torch::Tensor codes = torch::randint(-127, 128, {64, 8, 3, 3}, torch::kFloat32);
  TrainingCells gaussian;
  gaussian.device.cells.variation_sigma_levels = 0.2;
  gaussian.cell_bits = 2;
  const torch::Tensor moved = gaussian.held(codes, 8) - codes;
  EXPECT_NEAR(moved.mean().item<double>(), 0, 0.05);
  EXPECT_NEAR(moved.std().item<double>() / weight_noise_std(0.2, 8, 2), 1.0, 0.03);

  TrainingCells pcm;
  pcm.device.cells.model = "pcm";
  pcm.device.cells.time_s = 86400;
  pcm.device.cells.drift_compensation = "global";
  const torch::Tensor held = pcm.held(codes, 8);
  EXPECT_NEAR(held.abs().mean().item<double>() / codes.abs().mean().item<double>(), 1.0, 0.02);
  EXPECT_FALSE(torch::equal(held, pcm.held(codes, 8)));  // a fresh chip every forward
}

}  // namespace
}  // namespace imc::nas
