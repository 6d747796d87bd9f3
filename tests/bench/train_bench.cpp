// SPDX-License-Identifier: MIT
// Benchmark (not a test) of training. Run from the repository root.
//   train_bench overhead [K] [SUBSET]   imcnas trainer vs a hand-written LibTorch loop, VGG(K) + head
//   train_bench grid [SUBSET]           samples/s of VGG/MVGG/RES at K = 16, 64, 256 on 28x28
//   train_bench variation [SUBSET] [EPOCHS]  accuracy under variation, with and without noise-aware training
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>

#include "nas/train/reference_loop.h"
#include "nas/train/trainer.h"
#include "workloads/library.h"

namespace {

using namespace imc;

workloads::Network block_net(const std::string& blocks, const nas::DataSplits& d, int hidden = 256) {
  workloads::NetRequest req;
  req.net = "blocks:" + blocks;
  req.input = workloads::Shape{d.train.height, d.train.width, d.train.channels, false};
  req.classes = d.train.classes;
  req.head_hidden = hidden;
  return workloads::load_network(req);
}

/// Throughput of the training epoch only: evaluate on a token validation set.
double trainer_samples_per_s(const workloads::Network& net, nas::DataSplits d, size_t subset, int threads = 0) {
  d.validation = nas::take(d.validation, 100);
  nas::TrainConfig cfg;
  cfg.epochs = 1;
  cfg.subset = subset;
  cfg.threads = threads;
  const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
  return r.history.empty() ? 0 : double(subset) / r.history.front().seconds;  // the epoch, not the evaluation
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "overhead";
  const nas::DataSplits d = nas::load_dataset(config::load_data_config("fashion-mnist"));
  std::cout << std::fixed << std::setprecision(1);
  if (mode == "overhead") {
    const int k = argc > 2 ? std::stoi(argv[2]) : 32;
    const size_t subset = argc > 3 ? std::stoul(argv[3]) : 10000;
    nas::plain_libtorch_samples_per_s(d, k, 256, 2000, 64, 0);  // warm-up: thread pools, first allocations
    const double plain_before = nas::plain_libtorch_samples_per_s(d, k, 256, subset, 64, 0);
    const double ours = trainer_samples_per_s(block_net("VGG/" + std::to_string(k), d), d, subset);
    const double plain_after = nas::plain_libtorch_samples_per_s(d, k, 256, subset, 64, 0);
    const double plain = (plain_before + plain_after) / 2;
    std::cout << "VGG/" << k << " + head, " << subset << " Fashion-MNIST images, batch 64, Adam: plain LibTorch "
              << plain << " samples/s, imcnas " << ours << " samples/s (" << 100 * ours / plain << " %)\n";
  } else if (mode == "threads") {
    // Thread discipline (docs/benchmarks.md): one epoch of VGG/32 + head on THREADS LibTorch
    // threads; run two of these at once to see how training shares a loaded machine.
    const int threads = argc > 2 ? std::stoi(argv[2]) : 0;
    const size_t subset = argc > 3 ? std::stoul(argv[3]) : 6000;
    const char* wait = std::getenv("OMP_WAIT_POLICY");
    std::cout << "VGG/32 + head, " << subset << " images, " << threads << " thread(s), OMP_WAIT_POLICY "
              << (wait ? wait : "unset") << ": " << trainer_samples_per_s(block_net("VGG/32", d), d, subset, threads)
              << " samples/s\n";
  } else if (mode == "grid") {
    const size_t subset = argc > 2 ? std::stoul(argv[2]) : 2000;
    trainer_samples_per_s(block_net("VGG/16", d), d, 1000);  // warm-up
    for (const char* type : {"VGG", "MVGG", "RES"})
      for (int k : {16, 64, 256}) {
        const size_t n = k == 256 ? subset / 8 : subset;
        std::cout << type << "/" << k << ": "
                  << trainer_samples_per_s(block_net(std::string(type) + "/" + std::to_string(k), d), d, n)
                  << " samples/s (" << n << " images)" << std::endl;
      }
  } else if (mode == "variation") {
    const size_t subset = argc > 2 ? std::stoul(argv[2]) : 10000;
    const int epochs = argc > 3 ? std::stoi(argv[3]) : 2;
    const workloads::Network net = block_net("VGG/16,VGG/16", d, 64);
    std::cout
        << "sigma (levels) | plain training: quantized, under variation | noise-aware: quantized, under variation\n";
    for (double sigma : {0.0, 0.1, 0.2, 0.4, 0.8}) {
      std::cout << sigma;
      for (bool aware : {false, true}) {
        nas::TrainConfig cfg;
        cfg.epochs = epochs;
        cfg.subset = subset;
        cfg.quant.weight_bits = 9;
        cfg.quant.activation_bits = 9;
        cfg.variation.sigma_levels = sigma;
        cfg.variation.noise_aware = aware;
        cfg.variation.samples = 10;
        const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
        std::cout << " | " << 100 * r.validation.quantized << " %, " << 100 * r.validation.variation_mean << " ± "
                  << 100 * r.validation.variation_std << " %";
      }
      std::cout << std::endl;
    }
  }
  return 0;
}
