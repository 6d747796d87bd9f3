// SPDX-License-Identifier: MIT
// A chip's activation ranges are fixed once calibrated: no logit depends on the other images of
// its evaluation batch, in fake quantization and through the crossbars.
#include "nas/train/activation_scales.h"

#include <gtest/gtest.h>

#include "configs/hw_config.h"
#include "nas/train/hw_forward.h"
#include "nas/train/layer_bits.h"
#include "nas/train/torch_net.h"
#include "tests/nas/train/torch_test_util.h"
#include "tests/test_util.h"
#include "workloads/library.h"

namespace imc::nas {
namespace {

/// The logits of `x` evaluated `batch` images at a time.
torch::Tensor logits_in_batches(NetModule& model, const torch::Tensor& x, const ForwardMode& mode, int64_t batch) {
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < x.size(0); start += batch)
    parts.push_back(model->forward(x.slice(0, start, std::min(x.size(0), start + batch)), mode));
  return torch::cat(parts);
}

double worst_relative_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).abs() / (a.abs() + 1e-12)).max().item<double>();
}

TEST(ActivationScales, NoLogitDependsOnTheEvaluationBatch) {
  workloads::NetRequest req;
  req.net = "blocks:VGG/8,RES/16";
  req.input = workloads::Shape{12, 12, 2, false};
  req.classes = 5;
  req.head_hidden = 40;
  const workloads::Network net = workloads::load_network(req);
  const config::HwConfig hw = config::load_hw_config(
      test::source_path("configs/hw/mnsim-2024.toml"),
      config::parse_overrides({"crossbar.rows=64", "pe.dac_count=64", "adc.bits=6", "quantization.activation_bits=4"}));
  NetModule model = torch_test::warmed_up_model(net, 5, 32);
  torch::NoGradGuard no_grad;

  ForwardMode fq = torch_test::hardware_view_on(net, hw);
  ActivationScales scales(99.9);
  fq.scales = &scales;
  scales.start_calibration();
  model->forward(torch::randn({48, 2, 12, 12}, torch::kDouble), fq);
  scales.freeze();
  EXPECT_GT(scales.inputs(), 3u);   // every conv and linear layer's input ...
  EXPECT_GT(scales.outputs(), 3u);  // ... and every tensor written

  // Images of very different brightness in one batch: a range taken per batch would differ.
  const torch::Tensor x =
      torch::randn({64, 2, 12, 12}, torch::kDouble) * torch::linspace(0.2, 3.0, 64, torch::kDouble).view({64, 1, 1, 1});
  auto spec = std::make_shared<HwEvalSpec>();
  spec->layers = crossbar_geometries(net, hw);
  HwChip hw_chip(spec, 1);
  ForwardMode through = fq;
  through.hw = &hw_chip;
  for (const ForwardMode* mode : {&fq, &through}) {
    const torch::Tensor whole = logits_in_batches(model, x, *mode, 64);
    EXPECT_LE(worst_relative_difference(whole, logits_in_batches(model, x, *mode, 1)), 1e-5);
    EXPECT_LE(worst_relative_difference(whole, logits_in_batches(model, x, *mode, 7)), 1e-5);
  }
}

TEST(ActivationScales, AFrozenScaleThatWasNeverCalibratedIsAnError) {
  ActivationScales scales(99.99);
  scales.freeze();
  EXPECT_THROW(scales.input(3, torch::ones({2, 2})), std::logic_error);
  EXPECT_THROW(scales.output(3, torch::ones({2, 2})), std::logic_error);
}

TEST(ActivationScales, ThePercentileOfTheMagnitudes) {
  const torch::Tensor v = torch::arange(1, 10001, torch::kDouble);  // 1 .. 10000
  EXPECT_DOUBLE_EQ(magnitude_percentile(v, 100), 10000);
  EXPECT_DOUBLE_EQ(magnitude_percentile(v, 99), 9900);
  EXPECT_DOUBLE_EQ(magnitude_percentile(v, 50), 5000);
}

}  // namespace
}  // namespace imc::nas
