// SPDX-License-Identifier: MIT
// The vectorized crossbar arithmetic against the scalar model of one PE, exactly.
#include "nas/train/hw_forward.h"

#include <gtest/gtest.h>

#include <random>

#include "configs/hw_config.h"
#include "configs/net_spec.h"
#include "nas/train/torch_net.h"
#include "nas/train/trainer.h"
#include "systemc_models/pe/crossbar_math.h"
#include "tests/nas/train/torch_test_util.h"
#include "tests/test_util.h"
#include "workloads/library.h"

namespace imc::nas {
namespace {

struct Case {
  int rows, cols, rows_per_group, col_part;
  sim::CrossbarArithmetic a;
};

/// Cells of the gaussian model varying by `sigma` levels.
ChipDevice varied_cells(double sigma) {
  ChipDevice d;
  d.cells.variation_sigma_levels = sigma;
  return d;
}

/// The scalar model run crossbar by crossbar: each row group on its own crossbars, the
/// columns in parts of `col_part` (as the mapper splits them), partial sums added in order.
std::vector<double> scalar_reference(const Case& c, const std::vector<int>& w, const std::vector<int>& x) {
  std::vector<double> y(static_cast<size_t>(c.cols), 0.0);
  for (int r0 = 0; r0 < c.rows; r0 += c.rows_per_group) {
    const int r1 = std::min(c.rows, r0 + c.rows_per_group);
    for (int c0 = 0; c0 < c.cols; c0 += c.col_part) {
      const int c1 = std::min(c.cols, c0 + c.col_part);
      sim::WeightMatrix part{r1 - r0, c1 - c0, {}};
      for (int r = r0; r < r1; ++r)
        for (int col = c0; col < c1; ++col) part.values.push_back(w[static_cast<size_t>(r * c.cols + col)]);
      const std::vector<double> out = sim::crossbar_mvm(part, std::vector<int>(x.begin() + r0, x.begin() + r1), c.a);
      for (int col = c0; col < c1; ++col) y[static_cast<size_t>(col)] += out[static_cast<size_t>(col - c0)];
    }
  }
  return y;
}

TEST(HwForward, EqualsTheScalarCrossbarModelExactly) {
  std::mt19937_64 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int splits = 0, clipped = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Case c;
    c.rows = pick(1, 300);
    c.cols = pick(1, 12);
    c.rows_per_group = pick(0, 2) == 0 ? c.rows : pick(1, c.rows);
    c.col_part = pick(1, c.cols);
    c.a.weight_bits = pick(2, 9);
    c.a.cell_bits = pick(1, 3);
    c.a.input_bits = pick(1, 9);
    c.a.dac_bits = pick(1, 3);
    c.a.adc_bits = pick(2, 10);
    if (pick(0, 3) == 0) c.a.adc_range = pick(1, 400) + 0.25 * pick(0, 3);  // a calibrated range: clips
    splits += c.rows_per_group < c.rows;
    clipped += c.a.adc_range > 0;
    const int max_w = (1 << (c.a.weight_bits - 1)) - 1, max_x = (1 << c.a.input_bits) - 1;
    std::vector<int> w, x;
    for (int i = 0; i < c.rows * c.cols; ++i) w.push_back(pick(-max_w, max_w));
    const int rows_of_inputs = 3;
    std::vector<std::vector<int>> xs(rows_of_inputs);
    for (auto& v : xs)
      for (int r = 0; r < c.rows; ++r) v.push_back(pick(0, 3) == 0 ? 0 : pick(0, max_x));

    const auto f64 = torch::TensorOptions().dtype(torch::kDouble);
    const torch::Tensor wt = torch::tensor(std::vector<double>(w.begin(), w.end()), f64).view({c.rows, c.cols});
    std::vector<double> flat;
    for (const auto& v : xs) flat.insert(flat.end(), v.begin(), v.end());
    const torch::Tensor xt = torch::tensor(flat, f64).view({rows_of_inputs, c.rows});
    const ProgrammedCrossbars xbar(wt, {c.rows_per_group, c.a.weight_bits, c.a.cell_bits, c.a.dac_bits, c.a.adc_bits},
                                   {}, std::nullopt);
    const torch::Tensor y = xbar.multiply(xt, c.a.input_bits, c.a.adc_range);
    for (int n = 0; n < rows_of_inputs; ++n) {
      const std::vector<double> ref = scalar_reference(c, w, xs[static_cast<size_t>(n)]);
      for (int col = 0; col < c.cols; ++col)
        ASSERT_EQ(y[n][col].item<double>(), ref[static_cast<size_t>(col)])
            << "trial " << trial << " rows " << c.rows << " group " << c.rows_per_group << " cols " << c.cols << " w"
            << c.a.weight_bits << " cell" << c.a.cell_bits << " x" << c.a.input_bits << " dac" << c.a.dac_bits << " adc"
            << c.a.adc_bits << " range " << c.a.adc_range;
    }
  }
  EXPECT_GT(splits, 50);
  EXPECT_GT(clipped, 20);
}

// The training path runs in float32, where sparse inputs pack up to 8 slices per column: on
// mnsim-2024's bits, inputs from all zeros to dense still equal the scalar model exactly. (254
// rows a group and a range of 63.5 make the LSBs 2 and 0.5, so float32 rounds nothing.)
TEST(HwForward, Float32PackingOfSparseInputsEqualsTheScalarModel) {
  std::mt19937_64 rng(11);
  Case c{508, 16, 254, 16, {}};
  c.a.weight_bits = 9;
  c.a.cell_bits = 1;
  c.a.input_bits = 9;
  c.a.dac_bits = 1;
  c.a.adc_bits = 8;
  std::vector<int> w;
  for (int i = 0; i < c.rows * c.cols; ++i) w.push_back(std::uniform_int_distribution<int>(-255, 255)(rng));
  const int inputs = 64;
  std::vector<std::vector<int>> xs(inputs);
  std::vector<float> flat;
  for (int n = 0; n < inputs; ++n)
    for (int r = 0; r < c.rows; ++r) {  // input n: a share n / 63 of its rows non-zero, small or full-range
      const bool on = std::uniform_int_distribution<int>(0, inputs - 2)(rng) < n;
      const int top = n % 2 ? 511 : 7;
      xs[static_cast<size_t>(n)].push_back(on ? std::uniform_int_distribution<int>(1, top)(rng) : 0);
      flat.push_back(static_cast<float>(xs[static_cast<size_t>(n)].back()));
    }
  const torch::Tensor wt = torch::tensor(std::vector<float>(w.begin(), w.end())).view({c.rows, c.cols});
  const ProgrammedCrossbars xbar(wt, {c.rows_per_group, 9, 1, 1, 8}, {}, std::nullopt);
  for (double range : {0.0, 63.5}) {  // full scale, and a calibrated range that clips
    c.a.adc_range = range;
    const torch::Tensor y = xbar.multiply(torch::tensor(flat).view({inputs, c.rows}), 9, range);
    for (int n = 0; n < inputs; ++n) {
      const std::vector<double> ref = scalar_reference(c, w, xs[static_cast<size_t>(n)]);
      for (int col = 0; col < c.cols; ++col)
        ASSERT_EQ(y[n][col].item<double>(), ref[static_cast<size_t>(col)]) << "input " << n << " range " << range;
    }
  }
}

// Varied cells can carry more current than the full scale; the ADC still saturates at its top code.
TEST(HwForward, VariedCellsSaturateTheAdc) {
  const torch::Tensor w = torch::ones({64, 4}, torch::kDouble);  // 2-bit weights: one slice of 1-bit cells
  const torch::Tensor x = torch::ones({8, 64}, torch::kDouble);  // 1-bit inputs: one DAC chunk
  auto gen = at::make_generator<at::CPUGeneratorImpl>(5);
  const ProgrammedCrossbars xbar(w, {64, 2, 1, 1, 4}, varied_cells(50), gen);  // sigma: 50 levels
  const torch::Tensor y = xbar.multiply(x, 1);
  const double full_scale = 64;  // 64 rows x 1 level x 1 DAC level; the top code reads it
  EXPECT_LE(y.abs().max().item<double>(), full_scale + 1e-9);
  EXPECT_GT(y.abs().max().item<double>(), 0.0);
}

TEST(HwForward, AWideAdcIsExactIntegerArithmetic) {
  const torch::Tensor w = torch::randint(-127, 128, {200, 10}, torch::kDouble);
  const torch::Tensor x = torch::randint(0, 256, {5, 200}, torch::kDouble);
  const ProgrammedCrossbars xbar(w, {128, 8, 2, 2, 12}, {}, std::nullopt);  // full scale 128*3*3 < 2047
  EXPECT_TRUE(torch::equal(xbar.multiply(x, 8), x.matmul(w)));
  const ProgrammedCrossbars narrow(w, {128, 8, 2, 2, 4}, {}, std::nullopt);
  EXPECT_FALSE(torch::equal(narrow.multiply(x, 8), x.matmul(w)));
}

// Cell variation through the crossbars has the statistics of the weight-noise model the
// variation accuracy and noise-aware training use (weight_noise_std): over many chips, each
// output's mean is the exact product and its spread is weight_noise_std x |x| (one draw per cell,
// reused by every DAC chunk; a lossless 16-bit ADC, so nothing else adds noise).
TEST(HwForward, CellVariationMatchesTheWeightNoiseModel) {
  torch::manual_seed(11);
  const int rows = 40, cols = 6, weight_bits = 5, input_bits = 4;
  const double sigma = 0.3;
  const torch::Tensor w = torch::randint(-15, 16, {rows, cols}, torch::kDouble);
  const torch::Tensor x = torch::randint(0, 16, {1, rows}, torch::kDouble);
  const CrossbarGeometry g{rows, weight_bits, 1, 1, 16};
  const int chips = 400;
  std::vector<torch::Tensor> outputs;
  for (int k = 0; k < chips; ++k) {
    const ProgrammedCrossbars xbar(w, g, varied_cells(sigma), at::make_generator<at::CPUGeneratorImpl>(100 + k));
    outputs.push_back(xbar.multiply(x, input_bits));
  }
  const torch::Tensor y = torch::cat(outputs);  // chips x cols
  const torch::Tensor exact = x.matmul(w).squeeze(0);
  const double expected_std = weight_noise_std(sigma, weight_bits, 1) * x.norm().item<double>();
  const torch::Tensor mean = y.mean(0), std = y.std(0);
  for (int c = 0; c < cols; ++c) {
    // The mean within 4 standard errors; the spread within 15 % (its estimate's error is 3.5 %).
    EXPECT_NEAR(mean[c].item<double>(), exact[c].item<double>(), 4 * expected_std / std::sqrt(double(chips))) << c;
    EXPECT_NEAR(std[c].item<double>() / expected_std, 1.0, 0.15) << c;
  }
}

TEST(HwForward, StuckCellsAreDrawnFromTheSeedAndCounted) {
  const torch::Tensor w = torch::randint(-127, 128, {64, 8}, torch::kDouble);
  const torch::Tensor x = torch::randint(0, 256, {4, 64}, torch::kDouble);
  const CrossbarGeometry g{32, 8, 1, 1, 8};
  auto run = [&](double saf_0, double saf_1, uint64_t seed) {
    ChipDevice d;
    d.cells.saf_0_rate = saf_0;
    d.cells.saf_1_rate = saf_1;
    const ProgrammedCrossbars xbar(w, g, d, at::make_generator<at::CPUGeneratorImpl>(seed));
    return std::pair{xbar.multiply(x, 8), xbar.dead_crossbars()};
  };
  const auto clean = run(0, 0, 1);
  const auto faulty = run(0.05, 0.05, 1);
  EXPECT_FALSE(torch::equal(clean.first, faulty.first));
  EXPECT_TRUE(torch::equal(faulty.first, run(0.05, 0.05, 1).first));  // same seed, same chip
  EXPECT_FALSE(torch::equal(faulty.first, run(0.05, 0.05, 2).first));
  EXPECT_EQ(faulty.second, 0);
  EXPECT_EQ(run(0.5, 0.5, 1).second, 2 * 2 * 7);  // every cell stuck: groups x polarities x slices
}

}  // namespace
}  // namespace imc::nas

namespace imc::nas {
namespace {

config::HwConfig chip(const std::vector<std::string>& sets) {
  return config::load_hw_config(test::source_path("configs/hw/mnsim-2024.toml"), config::parse_overrides(sets));
}

// With an ADC wide enough to lose nothing, the network through the crossbars (row groups,
// slices, chunks, two passes for the signed image) computes what fake quantization computes.
TEST(HwForward, ALosslessAdcEqualsFakeQuantization) {
  workloads::NetRequest req;
  req.net = "blocks:VGG/8,RES/16";
  req.input = workloads::Shape{12, 12, 2, false};
  req.classes = 5;
  req.head_hidden = 80;  // fc1 takes 576 rows: nine 64-row groups
  const workloads::Network net = workloads::load_network(req);
  const config::HwConfig hw =
      chip({"crossbar.rows=64", "pe.dac_count=64", "adc.bits=8"});  // full scale 64 <= 127 codes
  NetModule model = torch_test::warmed_up_model(net, 3, 32);
  torch::NoGradGuard no_grad;

  ForwardMode fq = torch_test::hardware_view_on(net, hw);
  auto spec = std::make_shared<HwEvalSpec>();
  spec->layers = crossbar_geometries(net, hw);
  int split = 0;
  for (const auto& g : spec->layers) split += g && g->rows_per_group < 100;
  EXPECT_GT(split, 2);
  HwChip hw_chip(spec, 1);
  ForwardMode through = fq;
  through.hw = &hw_chip;
  const torch::Tensor x = torch::randn({6, 2, 12, 12}, torch::kDouble);  // signed, like a normalized image
  const torch::Tensor a = model->forward(x, fq), b = model->forward(x, through);
  EXPECT_LT((a - b).abs().max().item<double>(), 1e-9 * a.abs().max().item<double>());

  // A narrow ADC changes the answer.
  const config::HwConfig narrow_hw = chip({"crossbar.rows=64", "pe.dac_count=64", "adc.bits=3"});
  auto narrow = std::make_shared<HwEvalSpec>();
  narrow->layers = crossbar_geometries(net, narrow_hw);
  HwChip narrow_chip(narrow, 1);
  through.hw = &narrow_chip;
  EXPECT_GT((a - model->forward(x, through)).abs().max().item<double>(), 1e-3 * a.abs().max().item<double>());
}

// A grouped and a depthwise conv: each set of crossbars holds its channel groups along the
// diagonal (zeros elsewhere) and reads its own input channels. With a lossless ADC that is
// what the grouped fake-quantized conv computes, under either packing; a narrow ADC sees the
// packing (a set's full scale grows with the rows it holds).
TEST(HwForward, GroupedConvsThroughTheCrossbarsEqualFakeQuantization) {
  const workloads::Network net = workloads::Network::build(config::parse_net_text(R"(name = "grouped"
[[layer]]
name = "in"
kind = "input"
height = 8
width = 8
channels = 4
[[layer]]
name = "c1"
kind = "conv2d"
out_channels = 8
kernel = 3
padding = 1
[[layer]]
name = "r1"
kind = "relu"
[[layer]]
name = "dw"
kind = "conv2d"
out_channels = 8
kernel = 3
padding = 1
groups = 8
[[layer]]
name = "r2"
kind = "relu"
[[layer]]
name = "gc"
kind = "conv2d"
out_channels = 6
kernel = 3
groups = 2
[[layer]]
name = "f"
kind = "flatten"
[[layer]]
name = "fc"
kind = "linear"
out_features = 5
)",
                                                                                  "grouped"));
  NetModule model = torch_test::warmed_up_model(net, 5, 32);
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({4, 4, 8, 8}, torch::kDouble);
  auto through = [&](const std::string& packing, int adc_bits) {
    const config::HwConfig hw = chip({"crossbar.rows=64", "pe.dac_count=64", "adc.bits=" + std::to_string(adc_bits),
                                      "mapping.group_packing=\"" + packing + "\""});
    auto spec = std::make_shared<HwEvalSpec>();
    spec->layers = crossbar_geometries(net, hw);
    HwChip hw_chip(spec, 1);
    ForwardMode mode = torch_test::hardware_view_on(net, hw);
    mode.hw = &hw_chip;
    return std::make_pair(model->forward(x, torch_test::hardware_view_on(net, hw)), model->forward(x, mode));
  };
  const auto [fq, diagonal] = through("block_diagonal", 8);
  EXPECT_LT((fq - diagonal).abs().max().item<double>(), 1e-9 * fq.abs().max().item<double>());
  const auto [fq_own, own] = through("one_per_crossbar", 8);
  EXPECT_LT((fq_own - own).abs().max().item<double>(), 1e-9 * fq_own.abs().max().item<double>());

  const torch::Tensor narrow_diagonal = through("block_diagonal", 3).second;
  const torch::Tensor narrow_own = through("one_per_crossbar", 3).second;
  EXPECT_GT((narrow_diagonal - narrow_own).abs().max().item<double>(), 1e-3 * fq.abs().max().item<double>());
}

// issue 26: unequal padding is added before the crossbars' im2col, so the chip reads the same
// windows as the fake-quantized conv.
TEST(HwForward, UnequalPaddingThroughTheCrossbarsEqualsFakeQuantization) {
  const workloads::Network net = workloads::Network::build(config::parse_net_text(R"(name = "same"
[[layer]]
name = "in"
kind = "input"
height = 7
width = 7
channels = 3
[[layer]]
name = "c1"
kind = "conv2d"
out_channels = 8
kernel = 2
padding = [0, 0, 1, 1]
[[layer]]
name = "r1"
kind = "relu"
[[layer]]
name = "c2"
kind = "conv2d"
out_channels = 4
kernel = 4
stride = 2
padding = [1, 2, 2, 1]
[[layer]]
name = "f"
kind = "flatten"
[[layer]]
name = "fc"
kind = "linear"
out_features = 5
)",
                                                                                  "same"));
  NetModule model = torch_test::warmed_up_model(net, 5, 32);
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({4, 3, 7, 7}, torch::kDouble);
  const config::HwConfig hw = chip({"crossbar.rows=64", "pe.dac_count=64", "adc.bits=8"});
  auto spec = std::make_shared<HwEvalSpec>();
  spec->layers = crossbar_geometries(net, hw);
  HwChip hw_chip(spec, 1);
  ForwardMode mode = torch_test::hardware_view_on(net, hw);
  const torch::Tensor fq = model->forward(x, mode);
  mode.hw = &hw_chip;
  const torch::Tensor through = model->forward(x, mode);
  EXPECT_LT((fq - through).abs().max().item<double>(), 1e-9 * fq.abs().max().item<double>());
}

}  // namespace
}  // namespace imc::nas
