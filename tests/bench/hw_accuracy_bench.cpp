// SPDX-License-Identifier: MIT
// Benchmark (not a test) of the hardware forward. Run from the repository root.
//   hw_accuracy_bench cost [IMAGES] [THREADS] [TRAIN_SUBSET]
//        Model A on Fashion-MNIST: fake-quantized against crossbar evaluation (mnsim-2024), time
//        per image; with random weights, or trained for one epoch on TRAIN_SUBSET images
//   hw_accuracy_bench adc ROWS [SUBSET] [VALIDATION] [FINETUNE_SUBSET]
//        Model A trained once (1 epoch, mnsim-2024), then accuracy_hw on ROWS-row crossbars for
//        ADC bits 3..9, without and with one epoch of ADC-aware fine-tuning; one line per bits
//   hw_accuracy_bench faults [SUBSET] [VALIDATION] [CHIPS] [RATE...]
//        Model A trained once on mnsim-2024, then accuracy_hw under stuck-at faults of 0-5 %
//        or the RATEs given (shares of all cells, half at 0, half at 1), mean and std over
//        CHIPS Monte-Carlo chips
//   hw_accuracy_bench drift [SUBSET] [VALIDATION] [CHIPS] [NOISE_AWARE] [NET]
//        Model A (or the library network NET, e.g. nacim) trained once on mnsim-2024 with PCM cells (device.model =
//        "pcm"; NOISE_AWARE 1: noise-aware, drawing the PCM cells in every forward), then accuracy_hw from 1 s to a
//        year after programming, without and with global drift compensation
//   hw_accuracy_bench pcm-noise [SUBSET] [VALIDATION] [CHIPS]
//        Model A trained once on mnsim-2024, then accuracy_hw 1 s after programming on the ideal
//        chip and on PCM chips with each of the PCM model's spreads (programming, read, drift) on
//        or off: which of them moves accuracy_hw away from the ideal chip's
//   hw_accuracy_bench irdrop [SUBSET] [VALIDATION] [OHM...]
//        Model A trained once on mnsim-2024, then accuracy_hw with IR drop of OHM per wire
//        segment (default 0, 0.25, 0.5, 1, 2) on 64-, 128-, 256- and 512-row crossbars
#include <chrono>
#include <ctime>
#include <iostream>
#include <string>

#include "configs/data_config.h"
#include "configs/hw_config.h"
#include "nas/train/hw_forward.h"
#include "nas/train/layer_bits.h"
#include "nas/train/saved_model.h"
#include "nas/train/threads.h"
#include "nas/train/torch_net.h"
#include "nas/train/trainer.h"
#include "workloads/library.h"

namespace {

using namespace imc;
using Clock = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The process's CPU time of `f` (all threads): steadier than wall time on a shared machine.
double cpu_seconds_of(const std::function<void()>& f) {
  const std::clock_t start = std::clock();
  f();
  return double(std::clock() - start) / CLOCKS_PER_SEC;
}

/// Fashion-MNIST with the first `validation` validation images.
nas::DataSplits fashion_mnist(size_t validation) {
  nas::DataSplits d = nas::load_dataset(config::load_data_config("fashion-mnist"));
  d.validation = nas::take(d.validation, validation);
  return d;
}

/// The library network `name` (Model A by default) on the dataset's images and classes.
workloads::Network network_for(const nas::DataSplits& d, const std::string& name = "modela") {
  workloads::NetRequest req;
  req.net = name;
  req.input = workloads::Shape{d.train.height, d.train.width, d.train.channels, false};
  req.classes = d.train.classes;
  return workloads::load_network(req);
}

/// One epoch of training on `subset` images (one thread), evaluated on `chip`.
nas::TrainConfig one_epoch_on(size_t subset, const config::HwConfig& chip) {
  nas::TrainConfig cfg;
  cfg.epochs = 1;
  cfg.subset = subset;
  cfg.threads = 1;
  nas::use_chip(cfg, chip);
  return cfg;
}

}  // namespace

int adc_study(int argc, char** argv) {
  const int rows = argc > 2 ? std::stoi(argv[2]) : 256;
  const size_t subset = argc > 3 ? std::stoul(argv[3]) : 10000;
  const size_t validation = argc > 4 ? std::stoul(argv[4]) : 2000;
  const size_t finetune_subset = argc > 5 ? std::stoul(argv[5]) : 1000;
  const nas::DataSplits d = fashion_mnist(validation);
  const workloads::Network net = network_for(d);
  auto chip = [&](int bits) {
    return config::load_hw_config(
        "configs/hw/mnsim-2024.toml",
        config::parse_overrides({"crossbar.rows=" + std::to_string(rows), "pe.dac_count=" + std::to_string(rows),
                                 "adc.model=\"fixed\"", "adc.bits=" + std::to_string(bits)}));
  };
  nas::TrainConfig cfg = one_epoch_on(subset, chip(8));
  for (int finetune : {0, 1})
    for (int bits = 3; bits <= 9; ++bits) cfg.chip_study.push_back({chip(bits), finetune, finetune_subset});
  const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
  std::cout << "# Model A, Fashion-MNIST: 1 epoch on " << subset << " images; accuracy_hw on " << validation
            << " validation images; fine-tuning: 1 epoch on " << finetune_subset << " images\n"
            << "# quantized accuracy " << r.validation.quantized << "\n"
            << "# rows adc_bits accuracy_hw accuracy_hw_finetuned seconds seconds_finetuned\n";
  for (int bits = 3; bits <= 9; ++bits) {
    const nas::ChipStudyResult& plain = r.chip_study[static_cast<size_t>(bits - 3)];
    const nas::ChipStudyResult& tuned = r.chip_study[static_cast<size_t>(bits - 3 + 7)];
    std::cout << rows << " " << bits << " " << plain.hw_mean << " " << tuned.hw_mean << " " << plain.seconds << " "
              << tuned.seconds << std::endl;
  }
  return 0;
}

int fault_study(int argc, char** argv) {
  const size_t subset = argc > 2 ? std::stoul(argv[2]) : 10000;
  const size_t validation = argc > 3 ? std::stoul(argv[3]) : 1000;
  const int chips = argc > 4 ? std::stoi(argv[4]) : 3;
  const nas::DataSplits d = fashion_mnist(validation);
  const workloads::Network net = network_for(d);
  std::vector<double> rates = {0, 0.001, 0.005, 0.01, 0.02, 0.05};
  if (argc > 5) rates.clear();
  for (int i = 5; i < argc; ++i) rates.push_back(std::stod(argv[i]));
  auto chip = [&](double rate) {
    const std::string half = std::to_string(rate / 2);
    return config::load_hw_config("configs/hw/mnsim-2024.toml",
                                  config::parse_overrides({"device.saf_0_rate=" + half, "device.saf_1_rate=" + half}));
  };
  nas::TrainConfig cfg = one_epoch_on(subset, chip(0));
  cfg.hw.samples = chips;
  for (double rate : rates) cfg.chip_study.push_back({chip(rate), 0, 0});
  const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
  std::cout << "# Model A, Fashion-MNIST: 1 epoch on " << subset << " images; accuracy_hw on " << validation
            << " validation images, " << chips << " chips per rate; quantized accuracy " << r.validation.quantized
            << "\n# stuck_rate accuracy_hw_mean accuracy_hw_std seconds\n";
  for (size_t i = 0; i < rates.size(); ++i)
    std::cout << rates[i] << " " << r.chip_study[i].hw_mean << " " << r.chip_study[i].hw_std << " "
              << r.chip_study[i].seconds << std::endl;
  return 0;
}

int drift_study(int argc, char** argv) {
  const size_t subset = argc > 2 ? std::stoul(argv[2]) : 10000;
  const size_t validation = argc > 3 ? std::stoul(argv[3]) : 1000;
  const int chips = argc > 4 ? std::stoi(argv[4]) : 3;
  const bool noise_aware = argc > 5 && std::string(argv[5]) == "1";
  const std::string net_name = argc > 6 ? argv[6] : "modela";
  const nas::DataSplits d = fashion_mnist(validation);
  const workloads::Network net = network_for(d, net_name);
  const std::vector<double> times_s = {1, 3600, 86400, 2.592e6, 3.1536e7};
  const std::vector<std::string> compensations = {"none", "global"};
  auto chip = [&](double time_s, const std::string& compensation) {
    return config::load_hw_config(
        "configs/hw/mnsim-2024.toml",
        config::parse_overrides({"device.model=\"pcm\"", "device.time_s=" + std::to_string(time_s),
                                 "device.drift_compensation=\"" + compensation + "\""}));
  };
  nas::TrainConfig cfg = one_epoch_on(subset, chip(0, "none"));
  cfg.variation.noise_aware = noise_aware;
  cfg.hw.samples = chips;
  for (const std::string& c : compensations)
    for (double t : times_s) cfg.chip_study.push_back({chip(t, c), 0, 0});
  const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
  std::cout << "# " << net_name << ", Fashion-MNIST: 1 epoch on " << subset << " images"
            << (noise_aware ? ", noise-aware (PCM)" : "") << "; accuracy_hw with PCM cells on " << validation
            << " validation images, " << chips << " chips per point; quantized accuracy " << r.validation.quantized
            << "\n# time_s accuracy_hw_none std_none accuracy_hw_global std_global\n";
  for (size_t i = 0; i < times_s.size(); ++i) {
    const nas::ChipStudyResult& none = r.chip_study[i];
    const nas::ChipStudyResult& global = r.chip_study[i + times_s.size()];
    std::cout << times_s[i] << " " << none.hw_mean << " " << none.hw_std << " " << global.hw_mean << " "
              << global.hw_std << std::endl;
  }
  return 0;
}

int pcm_noise_study(int argc, char** argv) {
  const size_t subset = argc > 2 ? std::stoul(argv[2]) : 10000;
  const size_t validation = argc > 3 ? std::stoul(argv[3]) : 2000;
  const int chips = argc > 4 ? std::stoi(argv[4]) : 3;
  const nas::DataSplits d = fashion_mnist(validation);
  const workloads::Network net = network_for(d);
  struct Variant {
    std::string name;
    std::vector<std::string> overrides;
  };
  auto pcm = [](double prog, double read, double drift) {
    return std::vector<std::string>{"device.model=\"pcm\"",
                                    "device.time_s=1",
                                    "device.drift_compensation=\"global\"",
                                    "device.prog_noise_scale=" + std::to_string(prog),
                                    "device.read_noise_scale=" + std::to_string(read),
                                    "device.drift_scale=" + std::to_string(drift)};
  };
  const std::vector<Variant> variants = {{"ideal", {}},
                                         {"pcm_all", pcm(1, 1, 1)},
                                         {"pcm_no_prog_noise", pcm(0, 1, 1)},
                                         {"pcm_no_read_noise", pcm(1, 0, 1)},
                                         {"pcm_no_drift", pcm(1, 1, 0)},
                                         {"pcm_prog_noise_only", pcm(1, 0, 0)},
                                         {"pcm_read_noise_only", pcm(0, 1, 0)},
                                         {"pcm_no_spread", pcm(0, 0, 0)}};
  auto chip = [](const std::vector<std::string>& overrides) {
    return config::load_hw_config("configs/hw/mnsim-2024.toml", config::parse_overrides(overrides));
  };
  nas::TrainConfig cfg = one_epoch_on(subset, chip({}));
  cfg.hw.samples = chips;
  for (const Variant& v : variants) cfg.chip_study.push_back({chip(v.overrides), 0, 0});
  const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
  std::cout << "# Model A, Fashion-MNIST: 1 epoch on " << subset << " images; accuracy_hw 1 s after programming"
            << " (PCM: global drift compensation) on " << validation << " validation images, " << chips
            << " chips per variant; quantized accuracy " << r.validation.quantized
            << "\n# variant accuracy_hw_mean accuracy_hw_std\n";
  for (size_t i = 0; i < variants.size(); ++i)
    std::cout << variants[i].name << " " << r.chip_study[i].hw_mean << " " << r.chip_study[i].hw_std << std::endl;
  return 0;
}

int ir_drop_study(int argc, char** argv) {
  const size_t subset = argc > 2 ? std::stoul(argv[2]) : 10000;
  const size_t validation = argc > 3 ? std::stoul(argv[3]) : 1000;
  std::vector<double> ohms = {0, 0.25, 0.5, 1, 2};
  if (argc > 4) ohms.clear();
  for (int i = 4; i < argc; ++i) ohms.push_back(std::stod(argv[i]));
  const std::vector<int> rows = {64, 128, 256, 512};
  const nas::DataSplits d = fashion_mnist(validation);
  const workloads::Network net = network_for(d);
  auto chip = [&](int r, double ohm) {
    return config::load_hw_config(
        "configs/hw/mnsim-2024.toml",
        config::parse_overrides({"crossbar.rows=" + std::to_string(r), "pe.dac_count=" + std::to_string(r),
                                 "crossbar.wire_resistance_ohm=" + std::to_string(ohm)}));
  };
  nas::TrainConfig cfg = one_epoch_on(subset, chip(256, 0));
  for (int r : rows)
    for (double ohm : ohms) cfg.chip_study.push_back({chip(r, ohm), 0, 0});
  const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
  std::cout << "# Model A, Fashion-MNIST: 1 epoch on " << subset << " images; accuracy_hw with IR drop on "
            << validation << " validation images; quantized accuracy " << r.validation.quantized
            << "\n# ohm_per_segment";
  for (int rr : rows) std::cout << " accuracy_hw_" << rr << "_rows";
  std::cout << "\n";
  for (size_t i = 0; i < ohms.size(); ++i) {
    std::cout << ohms[i];
    for (size_t k = 0; k < rows.size(); ++k) std::cout << " " << r.chip_study[k * ohms.size() + i].hw_mean;
    std::cout << std::endl;
  }
  return 0;
}

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "cost";
  if (mode == "faults") return fault_study(argc, argv);
  if (mode == "drift") return drift_study(argc, argv);
  if (mode == "irdrop") return ir_drop_study(argc, argv);
  if (mode == "pcm-noise") return pcm_noise_study(argc, argv);
  if (mode == "adc") return adc_study(argc, argv);
  const int64_t images = argc > 2 ? std::stol(argv[2]) : 2000;
  const int threads = argc > 3 ? std::stoi(argv[3]) : 0;
  nas::configure_threads(threads);
  const nas::DataSplits d = fashion_mnist(static_cast<size_t>(images));
  const config::HwConfig hw = config::load_hw_config("configs/hw/mnsim-2024.toml");
  const workloads::Network net = network_for(d);

  const size_t train_subset = argc > 4 ? std::stoul(argv[4]) : 0;
  torch::manual_seed(0);
  nas::NetModule model(net);
  // A trained network's activations are as sparse as a user's. Only the chip's bits, not
  // use_chip: that would also evaluate accuracy_hw on every validation image.
  if (train_subset > 0) {
    nas::TrainConfig cfg;
    cfg.subset = train_subset;
    cfg.threads = threads;
    cfg.quant.weight_bits = hw.quantization.weight_bits;
    cfg.quant.activation_bits = hw.quantization.activation_bits;
    cfg.keep_weights = true;
    const nas::TrainResult r = nas::train_and_evaluate(net, d, cfg);
    nas::load_weights(*model, r.weights);
    std::cout << "trained on " << train_subset << " images: quantized accuracy " << r.validation.quantized << "\n";
  }
  model->eval();
  torch::NoGradGuard no_grad;
  const nas::ImageSet v = nas::take(d.validation, static_cast<size_t>(images));
  torch::Tensor x = torch::empty({images, v.channels, v.height, v.width}, torch::kUInt8);
  std::copy(v.pixels.begin(), v.pixels.end(), x.data_ptr<uint8_t>());
  x = (x.to(torch::kFloat32) / 255.0 - d.mean[0]) / d.std[0];

  const nas::LayerBits bits = nas::layer_bits(net, {hw.quantization.weight_bits, hw.quantization.activation_bits});
  nas::ForwardMode fq = nas::ForwardMode::hardware_view(bits);
  auto spec = std::make_shared<nas::HwEvalSpec>();
  spec->layers = nas::crossbar_geometries(net, hw);
  nas::HwChip chip(spec, 1);
  nas::ForwardMode through = fq;
  through.hw = &chip;

  auto run = [&](const nas::ForwardMode& m) {
    for (int64_t s = 0; s < images; s += 64) model->forward(x.slice(0, s, std::min(images, s + 64)), m);
  };
  run(fq);  // warm-up
  double fq_cpu_s = 0, hw_cpu_s = 0;
  const double fq_s = seconds_of([&] { fq_cpu_s = cpu_seconds_of([&] { run(fq); }); });
  const double hw_s = seconds_of([&] { hw_cpu_s = cpu_seconds_of([&] { run(through); }); });
  std::cout << mode << ": Model A (" << (train_subset > 0 ? "trained" : "random weights") << "), " << images
            << " images, " << threads << " thread(s) (0: all)\n"
            << "fake-quantized evaluation: " << fq_s << " s (" << 1e3 * fq_s / images << " ms per image)\n"
            << "through the crossbars:     " << hw_s << " s (" << 1e3 * hw_s / images << " ms per image)\n"
            << "ratio: " << hw_s / fq_s << "x\n"
            << "CPU time: fake-quantized " << 1e3 * fq_cpu_s / images << " ms per image, crossbars "
            << 1e3 * hw_cpu_s / images << " ms per image, ratio " << hw_cpu_s / fq_cpu_s << "x\n";
  return 0;
}
