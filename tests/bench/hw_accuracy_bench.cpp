// SPDX-License-Identifier: MIT
// Benchmark (not a test) of the hardware forward. Run from the repository root.
//   hw_accuracy_bench cost [IMAGES] [THREADS]  Model A on Fashion-MNIST: fake-quantized against
//                                              crossbar evaluation (mnsim-2024), time per image
#include <chrono>
#include <iostream>
#include <string>

#include "configs/data_config.h"
#include "configs/hw_config.h"
#include "nas/train/hw_forward.h"
#include "nas/train/layer_bits.h"
#include "nas/train/threads.h"
#include "nas/train/torch_net.h"
#include "workloads/library.h"

namespace {

using namespace imc;
using Clock = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "cost";
  const int64_t images = argc > 2 ? std::stol(argv[2]) : 2000;
  const int threads = argc > 3 ? std::stoi(argv[3]) : 0;
  nas::configure_threads(threads);
  const nas::DataSplits d = nas::load_dataset(config::load_data_config("fashion-mnist"));
  const config::HwConfig hw = config::load_hw_config("configs/hw/mnsim-2024.toml");
  workloads::NetRequest req;
  req.net = "modela";
  req.input = workloads::Shape{d.train.height, d.train.width, d.train.channels, false};
  req.classes = d.train.classes;
  const workloads::Network net = workloads::load_network(req);

  torch::manual_seed(0);
  nas::NetModule model(net);
  model->eval();
  torch::NoGradGuard no_grad;
  const nas::ImageSet v = nas::take(d.validation, static_cast<size_t>(images));
  torch::Tensor x = torch::empty({images, v.channels, v.height, v.width}, torch::kUInt8);
  std::copy(v.pixels.begin(), v.pixels.end(), x.data_ptr<uint8_t>());
  x = (x.to(torch::kFloat32) / 255.0 - d.mean[0]) / d.std[0];

  const nas::LayerBits bits = nas::layer_bits(net, {hw.quantization.weight_bits, hw.quantization.activation_bits});
  nas::ForwardMode fq;
  fq.fold_bn = true;
  fq.weight_bits = bits.weight_bits;
  fq.input_bits = bits.input_bits;
  fq.output_bits = bits.output_bits;
  fq.output_signed = bits.output_signed;
  auto spec = std::make_shared<nas::HwEvalSpec>();
  spec->layers = nas::crossbar_geometries(net, hw);
  nas::HwChip chip(spec, 1);
  nas::ForwardMode through = fq;
  through.hw = &chip;

  auto run = [&](const nas::ForwardMode& m) {
    for (int64_t s = 0; s < images; s += 64) model->forward(x.slice(0, s, std::min(images, s + 64)), m);
  };
  run(fq);  // warm-up
  const double fq_s = seconds_of([&] { run(fq); });
  const double hw_s = seconds_of([&] { run(through); });
  std::cout << mode << ": Model A, " << images << " images, " << threads << " thread(s) (0: all)\n"
            << "fake-quantized evaluation: " << fq_s << " s (" << 1e3 * fq_s / images << " ms per image)\n"
            << "through the crossbars:     " << hw_s << " s (" << 1e3 * hw_s / images << " ms per image)\n"
            << "ratio: " << hw_s / fq_s << "x\n";
  return 0;
}
