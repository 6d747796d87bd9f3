// SPDX-License-Identifier: MIT
#include "nas/train/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>

#include "configs/crossbar_geometry.h"
#include "nas/stopwatch.h"
#include "nas/train/data_tensors.h"
#include "nas/train/hw_forward.h"
#include "nas/train/layer_bits.h"
#include "nas/train/optimizers.h"
#include "nas/train/saved_model.h"
#include "nas/train/threads.h"
#include "nas/train/torch_net.h"

namespace imc::nas {
namespace {

void check_fit(const workloads::Network& net, const ImageSet& s) {
  const workloads::Shape in = net.input().out;
  if (in.height != s.height || in.width != s.width || in.channels != s.channels)
    throw std::invalid_argument("network " + net.name() + " takes " + in.str() + " input, the dataset has " +
                                std::to_string(s.height) + "x" + std::to_string(s.width) + "x" +
                                std::to_string(s.channels) + " images (use --input " + std::to_string(s.height) + "x" +
                                std::to_string(s.width) + "x" + std::to_string(s.channels) + ")");
  const int classes = net.output().out.channels;
  if (classes != s.classes)
    throw std::invalid_argument("network " + net.name() + " has " + std::to_string(classes) +
                                " outputs, the dataset has " + std::to_string(s.classes) + " classes (use --classes " +
                                std::to_string(s.classes) + ")");
}

/// Per-layer settings of a forward pass for the hardware view.
ForwardMode hardware_mode(const workloads::Network& net, const TrainConfig& cfg, bool with_noise) {
  ForwardMode m = ForwardMode::hardware_view(layer_bits(net, cfg.quant));
  const size_t n = net.layers().size();
  m.noise_std.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    if (!net.layers()[i].has_weights()) continue;
    if (with_noise && m.weight_bits[i] == 0)
      m.weight_bits[i] = cfg.variation.weight_bits;  // cells hold quantized weights
    if (with_noise)
      m.noise_std[i] = weight_noise_std(cfg.variation.sigma_levels, m.weight_bits[i], cfg.variation.cell_bits);
  }
  return m;
}

/// The chip's activation ranges for the network's present weights, measured once on
/// `calibration` (training images) in the hardware view, then fixed.
ActivationScales calibrate_scales(NetModule& model, const workloads::Network& net, const TrainConfig& cfg,
                                  const torch::Tensor& calibration) {
  torch::NoGradGuard no_grad;
  const bool was_training = model->is_training();
  model->eval();
  ActivationScales scales(cfg.quant.activation_percentile);
  ForwardMode m = hardware_mode(net, cfg, false);
  m.scales = &scales;
  scales.start_calibration();
  model->forward(calibration, m);
  scales.freeze();
  model->train(was_training);
  return scales;
}

double accuracy(NetModule& model, const torch::Tensor& x, const torch::Tensor& y, const ForwardMode& mode,
                int64_t batch) {
  torch::NoGradGuard no_grad;
  model->eval();
  int64_t correct = 0;
  const int64_t n = x.size(0);
  for (int64_t start = 0; start < n; start += batch) {
    const int64_t end = std::min(n, start + batch);
    const torch::Tensor logits = model->forward(x.slice(0, start, end), mode);
    correct += logits.argmax(1).eq(y.slice(0, start, end)).sum().item<int64_t>();
  }
  return n ? double(correct) / double(n) : 0.0;
}

double mean_of(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }

double std_of(const std::vector<double>& v) {
  const double mean = mean_of(v);
  double var = 0;
  for (double s : v) var += (s - mean) * (s - mean);
  return v.size() > 1 ? std::sqrt(var / double(v.size() - 1)) : 0.0;
}

/// The chip's crossbars for the hardware forward, and its ADC ranges (calibrated on `calibration`
/// when the chip says so).
struct HwSetup {
  std::shared_ptr<HwEvalSpec> spec;
  AdcRanges ranges;
  bool draws = false;  ///< variation or faults: each chip is a sample
};

HwSetup hw_setup(NetModule& model, const workloads::Network& net, const TrainConfig& cfg,
                 const torch::Tensor& calibration, ActivationScales& scales) {
  const config::HwConfig& chip = *cfg.hw.chip;
  HwSetup h;
  h.spec = std::make_shared<HwEvalSpec>();
  h.spec->layers = crossbar_geometries(net, chip);
  h.spec->device = ChipDevice::of(chip);
  h.spec->calibrated_range = chip.adc.calibrated_range();
  h.spec->range_percentile = chip.adc.range_percentile;
  h.draws = h.spec->device.draws();
  if (h.spec->calibrated_range) {
    torch::NoGradGuard no_grad;
    const bool was_training = model->is_training();
    model->eval();
    auto ideal = std::make_shared<HwEvalSpec>(*h.spec);
    ideal->device = h.spec->device.without_draws();
    HwChip ideal_chip(ideal, cfg.hw.seed, {}, true);
    ForwardMode m = hardware_mode(net, cfg, false);
    m.hw = &ideal_chip;
    m.scales = &scales;
    model->forward(calibration, m);
    h.ranges = ideal_chip.adc_ranges();
    model->train(was_training);
  }
  return h;
}

/// accuracy_hw: the mean and std over the Monte-Carlo chips (one when the chip draws nothing).
void hw_accuracy(NetModule& model, const workloads::Network& net, const TrainConfig& cfg, const torch::Tensor& x,
                 const torch::Tensor& y, const torch::Tensor& calibration, ActivationScales& scales, Accuracy& a) {
  const HwSetup h = hw_setup(model, net, cfg, calibration, scales);
  std::vector<double> samples;
  ForwardMode m = hardware_mode(net, cfg, false);
  m.scales = &scales;
  for (int k = 0; k < (h.draws ? std::max(1, cfg.hw.samples) : 1); ++k) {
    HwChip chip(h.spec, cfg.hw.seed + static_cast<uint64_t>(k) + 1, h.ranges);
    m.hw = &chip;
    samples.push_back(accuracy(model, x, y, m, cfg.hw_eval_batch));
    a.hw_dead_crossbars = std::max(a.hw_dead_crossbars, chip.dead_crossbars());
  }
  a.hw_mean = mean_of(samples);
  a.hw_std = std_of(samples);
  a.hw_samples = static_cast<int>(samples.size());
}

/// Accuracy of the network's present weights on (x, y), with the activation ranges `scales`
/// calibrated for them.
Accuracy evaluate(NetModule& model, const workloads::Network& net, const TrainConfig& cfg, const torch::Tensor& x,
                  const torch::Tensor& y, const torch::Tensor& calibration, ActivationScales& scales) {
  Accuracy a;
  a.clean = cfg.evaluate_clean ? accuracy(model, x, y, ForwardMode{}, cfg.eval_batch)
                               : std::numeric_limits<double>::quiet_NaN();
  ForwardMode quantized = hardware_mode(net, cfg, false);
  quantized.scales = &scales;
  a.quantized = accuracy(model, x, y, quantized, cfg.eval_batch);
  if (cfg.variation.sigma_levels > 0) {
    std::vector<double> samples;
    ForwardMode noisy = hardware_mode(net, cfg, true);
    noisy.scales = &scales;
    for (int k = 0; k < cfg.variation.samples; ++k) samples.push_back(accuracy(model, x, y, noisy, cfg.eval_batch));
    a.variation_mean = mean_of(samples);
    a.variation_std = std_of(samples);
    a.has_variation = true;
  }
  if (cfg.hw.chip) hw_accuracy(model, net, cfg, x, y, calibration, scales, a);
  return a;
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(NetModule& model, const TrainConfig& cfg);

/// How one pass over the training data went.
struct EpochPass {
  enum class End { Done, NonFiniteLoss, Stopped, TimeCap };
  End end = End::Done;
  double loss_sum = 0;  ///< over the samples seen
  int64_t correct = 0, seen = 0;
  double bad_loss = 0;  ///< NonFiniteLoss: the loss, at batch `bad_batch` (1-based)
  int64_t bad_batch = 0;
};

/// The one training pass, for training and for fine-tuning through the chip: the samples of
/// (x, y) in the order `rng` shuffles `order` into, a step per batch. With `through`, every batch
/// goes through a fresh chip of it (the weights change every step), the n-th seeded
/// cfg.hw.seed + 1000003 n, n counted in `chip_steps`. A non-finite loss or cfg.should_stop ends
/// the pass before the step; cfg.max_seconds since `start` ends it after one.
EpochPass train_pass(NetModule& model, torch::optim::Optimizer& opt, const torch::Tensor& x, const torch::Tensor& y,
                     std::vector<int64_t>& order, std::mt19937_64& rng, const TrainConfig& cfg, ForwardMode& fwd,
                     const HwSetup* through, uint64_t& chip_steps, Clock::time_point start) {
  EpochPass pass;
  std::shuffle(order.begin(), order.end(), rng);
  const torch::Tensor perm = torch::from_blob(order.data(), {static_cast<long>(order.size())}, torch::kInt64);
  for (int64_t b = 0; b < x.size(0); b += cfg.batch_size) {
    const torch::Tensor idx = perm.slice(0, b, std::min<int64_t>(x.size(0), b + cfg.batch_size));
    const torch::Tensor bx = x.index_select(0, idx), by = y.index_select(0, idx);
    opt.zero_grad();
    std::optional<HwChip> chip;
    if (through) {
      chip.emplace(through->spec, cfg.hw.seed + 1000003 * ++chip_steps, through->ranges);
      fwd.hw = &*chip;
    }
    const torch::Tensor logits = model->forward(bx, fwd);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, by);
    const double loss_value = loss.item<double>();
    if (!std::isfinite(loss_value)) {
      pass.end = EpochPass::End::NonFiniteLoss;
      pass.bad_loss = loss_value;
      pass.bad_batch = b / cfg.batch_size + 1;
      return pass;
    }
    if (cfg.should_stop && cfg.should_stop()) {
      pass.end = EpochPass::End::Stopped;
      return pass;
    }
    loss.backward();
    opt.step();
    pass.loss_sum += loss_value * double(idx.size(0));
    pass.correct += logits.argmax(1).eq(by).sum().item<int64_t>();
    pass.seen += idx.size(0);
    if (cfg.max_seconds > 0 && seconds_since(start) > cfg.max_seconds) {
      pass.end = EpochPass::End::TimeCap;
      return pass;
    }
  }
  return pass;
}

/// Whether `pass` ended the training (a non-finite loss, or a stop: Ctrl-C gives up at once and
/// reports nothing); `r` then says so.
bool ends_training(const EpochPass& pass, int epoch, Clock::time_point start, TrainResult& r) {
  if (pass.end == EpochPass::End::NonFiniteLoss) {
    r.status = TrainStatus::Failed;
    std::ostringstream os;
    os << "loss became " << pass.bad_loss << " at epoch " << epoch << ", batch " << pass.bad_batch;
    r.reason = os.str();
  } else if (pass.end == EpochPass::End::Stopped) {
    r.status = TrainStatus::Interrupted;
    r.reason = "interrupted";
  } else {
    return false;
  }
  r.train_seconds = seconds_since(start);
  return true;
}

/// An epoch as the progress display and the result's history show it.
EpochProgress epoch_progress(const EpochPass& pass, int epoch, int epochs, double validation_accuracy, double elapsed_s,
                             long samples_seen) {
  EpochProgress p;
  p.epoch = epoch;
  p.epochs = epochs;
  p.train_loss = pass.seen ? pass.loss_sum / double(pass.seen) : 0;
  p.train_accuracy = pass.seen ? double(pass.correct) / double(pass.seen) : 0;
  p.validation_accuracy = validation_accuracy;
  p.seconds = elapsed_s;
  p.samples_per_s = elapsed_s > 0 ? double(samples_seen) / elapsed_s : 0;
  return p;
}

/// ADC-aware fine-tuning outside the training loop (a chip study): `epochs` passes over x, y,
/// BN frozen and folded, every batch through a fresh chip of `h`. Throws std::runtime_error
/// when the loss stops being finite.
void finetune_through(NetModule& model, const workloads::Network& net, const TrainConfig& cfg, const HwSetup& h,
                      ActivationScales& scales, const torch::Tensor& x, const torch::Tensor& y, int epochs) {
  std::unique_ptr<torch::optim::Optimizer> opt = make_optimizer(model, cfg);
  ForwardMode fwd = hardware_mode(net, cfg, false);
  fwd.scales = &scales;  // the chip's ranges stay those it was calibrated with
  std::mt19937_64 rng(cfg.seed + 1);
  std::vector<int64_t> order(static_cast<size_t>(x.size(0)));
  std::iota(order.begin(), order.end(), 0);
  uint64_t step = 0;
  TrainConfig unbounded = cfg;  // a chip study's fine-tuning has no time cap of its own
  unbounded.max_seconds = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    model->eval();
    const EpochPass pass = train_pass(model, *opt, x, y, order, rng, unbounded, fwd, &h, step, Clock::now());
    if (pass.end == EpochPass::End::NonFiniteLoss)
      throw std::runtime_error("fine-tuning through the chip: the loss became " + std::to_string(pass.bad_loss) +
                               " at epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(pass.bad_batch));
    if (pass.end == EpochPass::End::Stopped) return;
  }
}

/// Why training stops after `epoch` with `accuracy` on the validation split (the best so far
/// when cfg.prune_on_best), when the pruner's bar for that epoch (cfg.prune_below) is above
/// it; nothing otherwise.
std::optional<std::string> prune_reason(const TrainConfig& cfg, int epoch, double accuracy) {
  const double bar = static_cast<size_t>(epoch) <= cfg.prune_below.size()
                         ? cfg.prune_below[static_cast<size_t>(epoch - 1)]
                         : std::numeric_limits<double>::quiet_NaN();
  if (epoch >= cfg.epochs || std::isnan(bar) || !(accuracy < bar)) return std::nullopt;
  std::ostringstream os;
  os << "pruned after epoch " << epoch << ": "
     << (cfg.prune_on_best ? "best validation accuracy so far " : "validation accuracy ") << accuracy << " below "
     << bar;
  return os.str();
}

std::vector<torch::Tensor> snapshot(NetModule& model);
void restore(NetModule& model, const std::vector<torch::Tensor>& s);

/// One trained network on every chip of cfg.chip_study: each from the trained weights (whose
/// activation ranges are `trained_scales`), fine-tuned through that chip first when the point
/// asks, then calibrated anew.
std::vector<ChipStudyResult> chip_study(NetModule& model, const workloads::Network& net, const TrainConfig& cfg,
                                        const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& vx,
                                        const torch::Tensor& vy, const torch::Tensor& calibration,
                                        const ActivationScales& trained_scales) {
  std::vector<ChipStudyResult> out;
  const std::vector<torch::Tensor> trained = snapshot(model);
  for (const ChipStudyPoint& point : cfg.chip_study) {
    const auto start = Clock::now();
    restore(model, trained);
    TrainConfig on = cfg;
    on.hw.chip = point.chip;
    ActivationScales scales = trained_scales;
    if (point.finetune_epochs > 0) {
      const int64_t n = point.finetune_subset ? std::min<int64_t>(x.size(0), point.finetune_subset) : x.size(0);
      finetune_through(model, net, on, hw_setup(model, net, on, calibration, scales), scales, x.slice(0, 0, n),
                       y.slice(0, 0, n), point.finetune_epochs);
      scales = calibrate_scales(model, net, on, calibration);
    }
    Accuracy a;
    hw_accuracy(model, net, on, vx, vy, calibration, scales, a);
    out.push_back({a.hw_mean, a.hw_std, a.hw_samples, seconds_since(start)});
  }
  return out;
}

std::vector<torch::Tensor> snapshot(NetModule& model) {
  std::vector<torch::Tensor> s;
  for (const auto& p : model->parameters()) s.push_back(p.detach().clone());
  for (const auto& b : model->buffers()) s.push_back(b.detach().clone());
  return s;
}

void restore(NetModule& model, const std::vector<torch::Tensor>& s) {
  torch::NoGradGuard no_grad;
  size_t k = 0;
  for (auto& p : model->parameters()) p.copy_(s[k++]);
  for (auto& b : model->buffers()) b.copy_(s[k++]);
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(NetModule& model, const TrainConfig& cfg) {
  try {
    return optimizer_registry().at(cfg.optimizer)(model->parameters(), cfg);
  } catch (const config::UnknownPolicyError& e) {
    throw std::invalid_argument(e.what());
  }
}

}  // namespace

TrainResult evaluate_weights(const workloads::Network& net, const DataSplits& data, const TrainConfig& cfg,
                             const workloads::NetWeights& weights) {
  check_fit(net, data.train);
  if (cfg.eval_batch < 1 || cfg.hw_eval_batch < 1)
    throw std::invalid_argument("the evaluation batch sizes must be positive");
  torch::manual_seed(cfg.seed);
  configure_threads(cfg.threads);
  const auto start = Clock::now();
  const torch::Tensor calibration = images_tensor(take(data.train, size_t(cfg.hw.calibration_images)), data);
  const torch::Tensor vx = images_tensor(data.validation, data), vy = labels_tensor(data.validation);
  NetModule model(net);
  load_weights(*model, weights);
  model->eval();
  ActivationScales scales = calibrate_scales(model, net, cfg, calibration);
  TrainResult r;
  r.validation = evaluate(model, net, cfg, vx, vy, calibration, scales);
  if (cfg.evaluate_test) {
    const torch::Tensor tx = images_tensor(data.test, data), ty = labels_tensor(data.test);
    r.test = evaluate(model, net, cfg, tx, ty, calibration, scales);
  }
  if (cfg.keep_weights) r.weights = module_weights(*model);
  r.train_seconds = seconds_since(start);
  return r;
}

double weight_noise_std(double sigma_levels, int weight_bits, int cell_bits) {
  const int slices = config::weight_slices(weight_bits, cell_bits);
  double sum = 0;
  for (int s = 0; s < slices; ++s) sum += std::pow(4.0, s * cell_bits);  // slice s weighs 2^(s * cell_bits)
  return sigma_levels * std::sqrt(config::kCrossbarsPerPe * sum);        // each polarity's crossbar adds its noise
}

TrainResult train_and_evaluate(const workloads::Network& net, const DataSplits& data, const TrainConfig& cfg,
                               const ProgressFn& progress) {
  check_fit(net, data.train);
  if (cfg.batch_size < 1 || cfg.epochs < 0 || cfg.eval_batch < 1 || cfg.hw_eval_batch < 1)
    throw std::invalid_argument("batch sizes and epochs must be positive");
  torch::manual_seed(cfg.seed);  // LibTorch's generator: weight init, dropout, noise
  configure_threads(cfg.threads);

  const ImageSet train_set = take(data.train, cfg.subset);
  const torch::Tensor x = images_tensor(train_set, data), y = labels_tensor(train_set);
  const torch::Tensor vx = images_tensor(data.validation, data), vy = labels_tensor(data.validation);

  NetModule model(net);
  if (!cfg.initial_weights.empty()) load_weights(*model, cfg.initial_weights);
  std::unique_ptr<torch::optim::Optimizer> opt = make_optimizer(model, cfg);
  ForwardMode train_mode = cfg.variation.noise_aware && cfg.variation.sigma_levels > 0 ? hardware_mode(net, cfg, true)
                                                                                       : hardware_mode(net, cfg, false);
  // Noise-aware training on a chip whose cells draw: each forward draws them, with its cell model.
  TrainingCells training_cells;
  if (cfg.variation.noise_aware && cfg.hw.chip) {
    training_cells = {ChipDevice::of(*cfg.hw.chip), cfg.hw.chip->crossbar.bits_per_cell};
    if (training_cells.device.draws_cells()) train_mode.cells = &training_cells;
  }
  ForwardMode fwd = train_mode;
  fwd.fold_bn = false;  // BN trains as BN

  TrainResult r;
  std::mt19937_64 shuffle_rng(cfg.seed);
  std::vector<int64_t> order(static_cast<size_t>(x.size(0)));
  std::iota(order.begin(), order.end(), 0);
  const auto start = Clock::now();
  double best = -1;
  std::vector<torch::Tensor> best_state;
  int epochs_without_gain = 0;
  long samples_seen = 0;

  const torch::Tensor calibration = x.slice(0, 0, std::min<int64_t>(x.size(0), cfg.hw.calibration_images));
  const int finetune_from = cfg.hw.chip && cfg.hw.finetune_epochs > 0 ? cfg.epochs - cfg.hw.finetune_epochs + 1 : 0;
  std::optional<HwSetup> finetune;
  std::optional<ActivationScales> finetune_scales;  // the chip's, from the weights fine-tuning starts from
  uint64_t finetune_step = 0;

  for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
    model->train();
    if (finetune_from > 0 && epoch >= finetune_from) {
      // ADC-aware fine-tuning from the best weights so far: BN frozen and folded as the chip
      // holds it, every product through a fresh chip (the weights change every step).
      if (!finetune) {
        if (!best_state.empty()) restore(model, best_state);
        best_state.clear();
        finetune_scales = calibrate_scales(model, net, cfg, calibration);
        Accuracy before;
        hw_accuracy(model, net, cfg, vx, vy, calibration, *finetune_scales, before);
        r.hw_before_finetune = before.hw_mean;
        finetune = hw_setup(model, net, cfg, calibration, *finetune_scales);
        fwd = hardware_mode(net, cfg, false);
        fwd.scales = &*finetune_scales;
      }
      model->eval();
    }
    const EpochPass pass = train_pass(model, *opt, x, y, order, shuffle_rng, cfg, fwd, finetune ? &*finetune : nullptr,
                                      finetune_step, start);
    if (ends_training(pass, epoch, start, r)) return r;
    r.hit_time_cap = pass.end == EpochPass::End::TimeCap;
    samples_seen += pass.seen;
    const double elapsed_s = seconds_since(start);  // the epoch's time, before its validation
    const EpochProgress p = epoch_progress(
        pass, epoch, cfg.epochs, accuracy(model, vx, vy, ForwardMode{}, cfg.eval_batch), elapsed_s, samples_seen);
    r.history.push_back(p);
    r.epochs_run = epoch;
    if (progress) progress(p);
    if (finetune) {
      // Fine-tuning keeps its last weights: clean accuracy is not what it optimizes.
    } else if (p.validation_accuracy > best) {
      best = p.validation_accuracy;
      r.best_epoch = epoch;
      best_state = snapshot(model);
      epochs_without_gain = 0;
    } else if (cfg.patience > 0 && ++epochs_without_gain >= cfg.patience) {
      r.stopped_early = true;
      r.reason = "no better validation accuracy for " + std::to_string(cfg.patience) + " epochs";
      break;
    }
    if (r.hit_time_cap) {
      r.reason = "training stopped at the " + std::to_string(cfg.max_seconds) + " s cap";
      break;
    }
    if (auto why = prune_reason(cfg, epoch,
                                cfg.prune_on_best ? std::max(best, p.validation_accuracy) : p.validation_accuracy)) {
      r.pruned = true;
      r.reason = *why;
      break;
    }
  }
  r.train_seconds = seconds_since(start);
  r.samples_per_s = r.train_seconds > 0 ? double(samples_seen) / r.train_seconds : 0;
  if (!best_state.empty()) restore(model, best_state);
  if (cfg.keep_weights) r.weights = module_weights(*model);

  ActivationScales scales = calibrate_scales(model, net, cfg, calibration);  // once, for every evaluation below
  r.validation = evaluate(model, net, cfg, vx, vy, calibration, scales);
  if (cfg.evaluate_test) {
    const torch::Tensor tx = images_tensor(data.test, data), ty = labels_tensor(data.test);
    r.test = evaluate(model, net, cfg, tx, ty, calibration, scales);
  }
  r.chip_study = chip_study(model, net, cfg, x, y, vx, vy, calibration, scales);
  return r;
}

void use_chip(TrainConfig& cfg, const config::HwConfig& hw) {
  cfg.hw.chip = hw;
  cfg.quant.weight_bits = hw.quantization.weight_bits;
  cfg.quant.activation_bits = hw.quantization.activation_bits;
  cfg.quant.activation_percentile = hw.quantization.activation_percentile;
  cfg.variation.weight_bits = hw.quantization.weight_bits;
  cfg.variation.cell_bits = hw.crossbar.bits_per_cell;
  cfg.variation.sigma_levels = hw.device.variation_sigma_levels;
}

NetCheck check_network(const workloads::Network& net, int batch, uint64_t seed) {
  torch::manual_seed(seed);
  NetModule model(net);
  model->train();
  const workloads::Shape in = net.input().out;
  const torch::Tensor x = torch::randn({batch, in.channels, in.height, in.width});
  const torch::Tensor out = model->forward(x);
  out.sum().backward();
  NetCheck c;
  c.output_shape = out.sizes().vec();
  for (const auto& p : model->parameters()) {
    c.parameters += p.numel();
    if (!p.grad().defined() || p.grad().abs().sum().item<double>() == 0) ++c.params_without_grad;
  }
  return c;
}

}  // namespace imc::nas
