// SPDX-License-Identifier: MIT
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/net_options.h"
#include "cli/table.h"
#include "configs/data_config.h"
#include "configs/hw_config.h"
#include "configs/policy_names.h"
#include "configs/registry.h"
#include "imcnas_version.h"
#include "nas/train/saved_model.h"
#include "nas/train/trainer.h"

namespace imc::cli {
namespace {

struct Options {
  NetOptions net;
  std::string data = "fashion-mnist";
  std::string hw;
  std::vector<std::string> sets;
  nas::TrainConfig train;
  double variation_sigma = -1;  ///< levels; -1: from the hardware config (or 0 without one)
  bool json = false;
  std::string save_dir;  ///< write net.toml, weights.pt and net.onnx here after training
  size_t validation_subset =
      0;  ///< score on the first N validation images (0: all), as a search's train.validation_subset
};

std::string percent(double v) { return fixed(100 * v, 2) + " %"; }

std::string accuracy_line(const nas::Accuracy& a) {
  std::string s = "clean " + percent(a.clean) + ", quantized " + percent(a.quantized);
  if (a.has_variation) s += ", under variation " + percent(a.variation_mean) + " ± " + percent(a.variation_std);
  if (a.hw_samples > 0)
    s += ", through the crossbars (accuracy_hw) " + percent(a.hw_mean) +
         (a.hw_samples > 1 ? " ± " + percent(a.hw_std) + " over " + std::to_string(a.hw_samples) + " chips" : "");
  return s;
}

nlohmann::json accuracy_json(const nas::Accuracy& a) {
  nlohmann::json j = {{"clean", a.clean}, {"quantized", a.quantized}};
  if (a.has_variation) j["variation"] = {{"mean", a.variation_mean}, {"std", a.variation_std}};
  if (a.hw_samples > 0)
    j["hw"] = {
        {"mean", a.hw_mean}, {"std", a.hw_std}, {"samples", a.hw_samples}, {"dead_crossbars", a.hw_dead_crossbars}};
  return j;
}

/// The chip a hardware accuracy was computed on, in words.
std::string chip_line(const config::HwConfig& hw) {
  std::string s = "accuracy_hw: " + std::to_string(hw.crossbar.rows) + "-row crossbars (" + hw.mapping.row_split +
                  "), " + std::to_string(hw.crossbar.bits_per_cell) + " bit(s) per cell, " +
                  std::to_string(hw.dac.bits) + "-bit DACs, " + std::to_string(hw.adc.bits) + "-bit ADCs (range " +
                  hw.adc.range + ")";
  if (hw.device.saf_0_rate > 0 || hw.device.saf_1_rate > 0)
    s += ", stuck-at-0 " + percent(hw.device.saf_0_rate) + ", stuck-at-1 " + percent(hw.device.saf_1_rate);
  s += ", " + hw.device.model + " cells";
  if (hw.device.variation_sigma_levels > 0) s += " (sigma " + fixed(hw.device.variation_sigma_levels, 3) + " levels)";
  if (hw.device.time_s > 0) s += ", read " + fixed(hw.device.time_s, 0) + " s after programming";
  if (hw.device.drift_compensation != "none") s += ", " + hw.device.drift_compensation + " drift compensation";
  if (hw.crossbar.wire_resistance_ohm > 0)
    s += ", IR drop (" + fixed(hw.crossbar.wire_resistance_ohm, 3) + " ohm per wire segment)";
  if (hw.adc.has_errors())
    s += ", ADC offset " + fixed(hw.adc.offset_sigma_lsb, 2) + " LSB, gain " + percent(hw.adc.gain_sigma) +
         ", thermal noise " + fixed(hw.adc.thermal_noise_lsb, 2) + " LSB (std)";
  return s;
}

void warn_dead_crossbars(const nas::Accuracy& a) {
  if (a.hw_dead_crossbars > 0)
    std::cerr << "warning: " << a.hw_dead_crossbars << " crossbar(s) have no working cell (device.saf_0_rate + "
              << "device.saf_1_rate); accuracy_hw is evaluated anyway\n";
}

void run(Options& o) {
  if (!o.sets.empty() && o.hw.empty())
    throw std::invalid_argument("--set overrides a hardware key, so it needs --hw HW.toml");
  workloads::load_network(o.net.request());  // a bad network fails before the dataset is loaded
  const config::DataConfig data_cfg = config::load_data_config(o.data);
  std::cerr << "loading " << data_cfg.name << " (" << data_cfg.source << ")\n";
  const auto load_start = std::chrono::steady_clock::now();
  nas::DataSplits data = nas::load_dataset(data_cfg);
  if (o.validation_subset > 0) data.validation = nas::take(data.validation, o.validation_subset);
  std::cerr << "loaded " << data.train.size() << " training, " << data.validation.size() << " validation and "
            << data.test.size() << " test images in "
            << fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count(), 1) << " s\n";

  // The network takes the dataset's shape and classes unless told otherwise.
  workloads::NetRequest req = o.net.request();
  if (!req.input) req.input = workloads::Shape{data.train.height, data.train.width, data.train.channels, false};
  if (!req.classes) req.classes = data.train.classes;
  workloads::ResolvedNet resolved = workloads::resolve_net(req);
  const config::NetSpec& spec = resolved.spec;
  const workloads::Network net = workloads::Network::build(spec);

  nas::TrainConfig& cfg = o.train;
  cfg.initial_weights = std::move(resolved.weights);
  if (!cfg.initial_weights.empty()) std::cerr << "starting from the weights in " << req.net << "\n";
  cfg.keep_weights = !o.save_dir.empty();
  if (!o.hw.empty()) {
    nas::use_chip(cfg, config::load_hw_config(o.hw, config::parse_overrides(o.sets)));
  } else {
    if (cfg.quant.weight_bits == 0) cfg.quant.weight_bits = 9;
    if (cfg.quant.activation_bits == 0) cfg.quant.activation_bits = 9;
  }
  if (o.variation_sigma >= 0) cfg.variation.sigma_levels = o.variation_sigma;
  if (cfg.hw.finetune_epochs > 0 && o.hw.empty())
    throw std::invalid_argument("--finetune-hw-epochs trains through a chip's crossbars, so it needs --hw HW.toml");
  if (cfg.hw.finetune_epochs > cfg.epochs)
    throw std::invalid_argument("--finetune-hw-epochs " + std::to_string(cfg.hw.finetune_epochs) +
                                " is more than the " + std::to_string(cfg.epochs) + " --epochs");
  cfg.hw.seed = cfg.seed;

  const bool quiet = o.json;
  const nas::TrainResult r = nas::train_and_evaluate(net, data, cfg, [&](const nas::EpochProgress& p) {
    if (quiet) return;
    std::cout << "epoch " << p.epoch << "/" << p.epochs << ": train loss " << fixed(p.train_loss, 4) << ", train acc "
              << percent(p.train_accuracy) << ", validation acc " << percent(p.validation_accuracy) << ", "
              << fixed(p.seconds, 1) << " s, " << fixed(p.samples_per_s, 0) << " samples/s" << std::endl;
  });

  const char* status = r.status == nas::TrainStatus::Ok ? "ok" : "failed";
  std::optional<nas::SavedModelFiles> saved;
  if (r.status == nas::TrainStatus::Ok && !o.save_dir.empty())
    saved = nas::save_trained_model(o.save_dir, spec, net, r.weights, IMCNAS_VERSION);
  if (r.status == nas::TrainStatus::Ok) warn_dead_crossbars(r.validation);
  if (o.json) {
    nlohmann::json j = {{"schema", "imcnas.train.v1"},
                        {"network", net.name()},
                        {"dataset", data.name},
                        {"status", status},
                        {"reason", r.reason},
                        {"epochs_run", r.epochs_run},
                        {"best_epoch", r.best_epoch},
                        {"train_seconds", r.train_seconds},
                        {"samples_per_s", r.samples_per_s},
                        {"weight_bits", cfg.quant.weight_bits},
                        {"activation_bits", cfg.quant.activation_bits},
                        {"variation_sigma_levels", cfg.variation.sigma_levels},
                        {"noise_aware", cfg.variation.noise_aware}};
    if (cfg.hw.chip) j["hw_finetune_epochs"] = cfg.hw.finetune_epochs;
    if (r.hw_before_finetune) j["hw_accuracy_before_finetune"] = *r.hw_before_finetune;
    if (r.status == nas::TrainStatus::Ok) {
      j["validation_accuracy"] = accuracy_json(r.validation);
      if (r.test) j["test_accuracy"] = accuracy_json(*r.test);
    }
    if (saved)
      j["saved"] = {{"network_toml", saved->network_toml}, {"weights_pt", saved->weights_pt}, {"onnx", saved->onnx}};
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "\n" << net.name() << " on " << data.name << ": " << status;
    if (!r.reason.empty()) std::cout << " (" << r.reason << ")";
    std::cout << "\ntrained " << r.epochs_run << " epoch(s) in " << fixed(r.train_seconds, 1) << " s, "
              << fixed(r.samples_per_s, 0) << " samples/s\n";
    if (r.status == nas::TrainStatus::Ok) {
      std::cout << "validation accuracy: " << accuracy_line(r.validation) << "\n";
      if (r.test) std::cout << "test accuracy: " << accuracy_line(*r.test) << "\n";
      std::cout << "(quantized: " << cfg.quant.weight_bits << "-bit weights, " << cfg.quant.activation_bits
                << "-bit activations, BN folded";
      if (cfg.variation.sigma_levels > 0)
        std::cout << "; variation: sigma " << cfg.variation.sigma_levels << " of a level per cell, "
                  << cfg.variation.cell_bits << " bit(s) per cell, " << cfg.variation.samples << " samples";
      std::cout << ")\n";
      if (cfg.hw.chip) std::cout << chip_line(*cfg.hw.chip) << "\n";
      if (r.hw_before_finetune)
        std::cout << "ADC-aware fine-tuning (" << cfg.hw.finetune_epochs << " epoch(s)): accuracy_hw "
                  << percent(*r.hw_before_finetune) << " before, " << percent(r.validation.hw_mean) << " after\n";
    }
    if (saved)
      std::cout << "saved: " << saved->network_toml << ", " << saved->weights_pt << ", " << saved->onnx << "\n";
  }
  if (r.status != nas::TrainStatus::Ok) throw std::runtime_error("training failed: " + r.reason);
}

}  // namespace

void register_train_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("train", "train a network with LibTorch and report IMC-aware accuracy");
  o->net.add_to(*cmd);
  cmd->add_option("--data", o->data, "fashion-mnist, or a data config TOML (docs/training.md)");
  cmd->add_option("--hw", o->hw, "take bit widths, cell bits and variation from this hardware TOML");
  cmd->add_option("--set", o->sets, "override a hardware key (with --hw)");
  cmd->add_option("--epochs", o->train.epochs, "training epochs")->check(CLI::Range(0, 100000));
  cmd->add_option("--batch-size", o->train.batch_size, "mini-batch size")->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--lr", o->train.learning_rate, "learning rate")->check(CLI::Range(1e-9, 1e3));
  cmd->add_option("--optimizer", o->train.optimizer, config::joined_names(config::optimizer_names()))
      ->check(CLI::IsMember(config::optimizer_names()));
  cmd->add_option("--subset", o->train.subset, "train on the first N training images (0: all)")
      ->check(CLI::Range(size_t{0}, size_t{1} << 30));
  cmd->add_option("--validation-subset", o->validation_subset,
                  "score on the first N validation images (0: all; a search's train.validation_subset)")
      ->check(CLI::Range(size_t{0}, size_t{1} << 30));
  cmd->add_option("--max-seconds", o->train.max_seconds, "wall-clock cap on training, s (0: none)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--patience", o->train.patience, "early stopping: epochs without a better validation accuracy")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--weight-bits", o->train.quant.weight_bits, "fake-quantize weights (sign included)")
      ->check(CLI::Range(2, 32));
  cmd->add_option("--activation-bits", o->train.quant.activation_bits, "fake-quantize activations")
      ->check(CLI::Range(1, 32));
  cmd->add_option("--variation-sigma", o->variation_sigma, "cell variation, fraction of one conductance level")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--variation-samples", o->train.variation.samples, "Monte-Carlo samples for evaluation")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--hw-samples", o->train.hw.samples,
                  "Monte-Carlo chips for accuracy_hw when the chip has variation or faults")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--finetune-hw-epochs", o->train.hw.finetune_epochs,
                  "train the last E epochs through the chip's crossbars and ADCs (with --hw)")
      ->check(CLI::Range(0, 100000));
  cmd->add_flag("--noise-aware", o->train.variation.noise_aware, "one noise sample per training forward pass (NACIM)");
  cmd->add_option("--seed", o->train.seed, "seed of initialization, shuffling, dropout and noise");
  cmd->add_option("--threads", o->train.threads, "LibTorch threads (0: all cores)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--test", o->train.evaluate_test, "also report test-set accuracy");
  cmd->add_option("--save", o->save_dir,
                  "write the trained network to DIR: net.toml, weights.pt (LibTorch) and net.onnx (docs/onnx.md)");
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->callback([o] {
    try {
      run(*o);
    } catch (const nas::DatasetError& e) {
      throw std::runtime_error(std::string("dataset error: ") + e.what());
    }
  });
}

}  // namespace imc::cli
