// SPDX-License-Identifier: MIT
#include "nas/oneshot/supernet_training.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

#include "nas/oneshot/path_sampling.h"
#include "nas/oneshot/supernet.h"
#include "nas/samplers/sampler.h"
#include "nas/space/space_preset.h"
#include "nas/stopwatch.h"
#include "nas/train/data_tensors.h"
#include "nas/train/layer_bits.h"
#include "nas/train/memory_policy.h"
#include "nas/train/optimizers.h"
#include "nas/train/recomputed_forward.h"
#include "nas/train/threads.h"
#include "traces/output_file.h"

namespace imc::nas {
namespace {

/// SplitMix64 of (seed, k): the per-step and per-epoch seeds, so that any step can be
/// replayed without the ones before it.
uint64_t mix(uint64_t seed, uint64_t k) {
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + k + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// The bank tensors' names and sizes: a checkpoint is of this supernet only if they agree.
std::string layout_fingerprint(const SupernetLayout& layout) {
  std::ostringstream os;
  for (const auto& [name, t] : layout.tensors()) {
    os << name << "[";
    for (int64_t d : t.dims) os << d << ",";
    os << "];";
  }
  return os.str();
}

/// A sub-network of one step: its point, its network and its forward settings.
struct Path {
  Point point;
  std::optional<workloads::Network> net;
  std::vector<int> folded;
  ForwardMode mode;
};

Path make_path(const SupernetTrainConfig& cfg, const Point& point) {
  Path p;
  p.point = point;
  p.net.emplace(workloads::Network::build(decode(cfg.space, point, cfg.input, cfg.classes).spec));
  p.folded = bn_folding(*p.net);
  p.mode = ForwardMode::hardware_view(layer_bits(*p.net, cfg.quant));
  p.mode.fold_bn = false;  // BN trains as BN
  return p;
}

/// The point drawn for step `step`: uniform over the space's parameters, redrawn while its
/// network does not build (a feature map that collapses).
Point draw_point(const SupernetTrainConfig& cfg, const SearchSpace& space, int64_t step) {
  std::mt19937_64 rng(mix(cfg.seed, 0x5EED0000ULL + static_cast<uint64_t>(step)));
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const Point p = RandomSampler::draw_point(space, rng);
    try {
      workloads::Network::build(decode(cfg.space, p, cfg.input, cfg.classes).spec);
      return p;
    } catch (const workloads::NetworkError&) {
    }
  }
  throw std::invalid_argument("1000 points drawn from the space in a row give no network that builds on " +
                              cfg.input.str() + " images: the space has (almost) no feasible network");
}

/// The training state a checkpoint holds besides the weights.
struct Progress {
  int64_t step = 0;
  int64_t steps = 0;  ///< in all
  double seconds = 0;
  std::vector<double> epoch_loss;
  double loss_sum = 0;  ///< of the current epoch's steps so far
};

void save(Supernet& net, torch::optim::Optimizer& opt, const Progress& p, const std::string& fingerprint,
          const std::string& path) {
  torch::serialize::OutputArchive archive;
  net->save(archive);
  torch::serialize::OutputArchive opt_archive;
  opt.save(opt_archive);
  archive.write("optimizer", opt_archive);
  archive.write("step", torch::tensor(p.step, torch::kInt64));
  archive.write("steps", torch::tensor(p.steps, torch::kInt64));
  archive.write("seconds", torch::tensor(p.seconds, torch::kFloat64));
  archive.write("loss_sum", torch::tensor(p.loss_sum, torch::kFloat64));
  archive.write("epoch_loss", torch::tensor(p.epoch_loss, torch::kFloat64));
  std::vector<int64_t> bytes(fingerprint.begin(), fingerprint.end());
  archive.write("layout", torch::tensor(bytes, torch::kInt64));
  // Straight to a file beside the checkpoint, then renamed over it: complete or absent (a kill -9
  // keeps the previous one), and never a copy in memory (weights and optimizer state of the
  // amin2024 space are 1 GB). A planted file or link of the temporary's name is removed first.
  const std::string temp = path + ".partial";
  std::error_code ec;
  std::filesystem::remove(temp, ec);
  try {
    archive.save_to(temp);
  } catch (const c10::Error& e) {
    std::filesystem::remove(temp, ec);
    throw std::runtime_error(path + ": cannot write the checkpoint (" +
                             std::string(e.what_without_backtrace()).substr(0, 200) + ")");
  }
  traces::install_written_file(temp, path);
}

/// Reads a checkpoint into `net` (and `opt`); throws std::invalid_argument when it is of
/// another supernet.
Progress load(Supernet& net, torch::optim::Optimizer* opt, const std::string& fingerprint, const std::string& path) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error& e) {
    throw std::invalid_argument(path + ": not a supernet checkpoint LibTorch can read (" +
                                std::string(e.what_without_backtrace()).substr(0, 200) + ")");
  }
  torch::Tensor layout;
  archive.read("layout", layout);
  const auto* b = layout.data_ptr<int64_t>();
  if (std::string(b, b + layout.numel()) != fingerprint)
    throw std::invalid_argument(path +
                                " is the supernet of another space, input or number of classes; train a new "
                                "one for this config (another --name)");
  net->load(archive);
  if (opt) {
    torch::serialize::InputArchive opt_archive;
    archive.read("optimizer", opt_archive);
    opt->load(opt_archive);
  }
  // Each read into a tensor of its own: reading into a defined tensor keeps that tensor's type.
  auto read = [&](const char* key) {
    torch::Tensor t;
    archive.read(key, t);
    return t;
  };
  Progress p;
  p.step = read("step").item<int64_t>();
  p.steps = read("steps").item<int64_t>();
  p.seconds = read("seconds").item<double>();
  p.loss_sum = read("loss_sum").item<double>();
  const torch::Tensor losses = read("epoch_loss");
  for (int64_t i = 0; i < losses.numel(); ++i) p.epoch_loss.push_back(losses[i].item<double>());
  return p;
}

/// The loss of one path: cross-entropy with the labels, or with the teacher's soft outputs.
torch::Tensor path_loss(const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& teacher) {
  if (!teacher.defined()) return torch::nn::functional::cross_entropy(logits, labels);
  return -(torch::softmax(teacher, 1) * torch::log_softmax(logits, 1)).sum(1).mean();
}

}  // namespace

SupernetTrainConfig supernet_train_config(const config::SearchConfig& search, const config::HwConfig& hw,
                                          const workloads::Shape& input, int classes) {
  SupernetTrainConfig c;
  c.space = search.space;
  c.supernet = search.supernet;
  c.input = input;
  c.classes = classes;
  c.subset = static_cast<size_t>(search.train.subset);
  c.batch_size = search.train.batch_size;
  c.learning_rate = search.train.learning_rate;
  c.optimizer = search.train.optimizer;
  c.quant = {hw.quantization.weight_bits, hw.quantization.activation_bits, hw.quantization.activation_percentile};
  c.seed = search.seed;
  c.threads = search.train.threads;
  return c;
}

SupernetTrainResult train_supernet(const SupernetTrainConfig& cfg, const DataSplits& data,
                                   const std::string& checkpoint, const SupernetProgressFn& progress) {
  if (cfg.batch_size < 1) throw std::invalid_argument("supernet training: batch_size must be positive");
  configure_threads(cfg.threads);
  stop_caching_kernels_per_shape();  // every step's path has shapes of its own
  torch::manual_seed(cfg.seed);      // the banks' initialization
  const SupernetLayout layout = SupernetLayout::of(cfg.space, cfg.input, cfg.classes);
  const std::string fingerprint = layout_fingerprint(layout);
  Supernet net(layout);
  TrainConfig opt_cfg;
  opt_cfg.optimizer = cfg.optimizer;
  opt_cfg.learning_rate = cfg.supernet.learning_rate > 0 ? cfg.supernet.learning_rate : cfg.learning_rate;
  std::unique_ptr<torch::optim::Optimizer> opt;
  try {
    opt = optimizer_registry().at(opt_cfg.optimizer)(net->parameters(), opt_cfg);
  } catch (const config::UnknownPolicyError& e) {
    throw std::invalid_argument(e.what());
  }
  Progress state;
  std::error_code ec;
  if (std::filesystem::exists(checkpoint, ec)) state = load(net, opt.get(), fingerprint, checkpoint);

  const ImageSet train_set = take(data.train, cfg.subset);
  if (train_set.size() == 0) throw std::invalid_argument("supernet training: no training images");
  const torch::Tensor x = images_tensor(train_set, data), y = labels_tensor(train_set);
  const int64_t n = x.size(0);
  const int64_t steps_per_epoch = (n + cfg.batch_size - 1) / cfg.batch_size;
  const int64_t steps = steps_per_epoch * cfg.supernet.epochs;
  const SearchSpace space = space_preset(cfg.space).space(cfg.space);
  const PathSampling& sampling = *path_sampling_registry().at(cfg.supernet.sampling);

  if (state.steps != 0 && state.steps != steps)
    throw std::invalid_argument(checkpoint + " was trained for " + std::to_string(state.steps) +
                                " steps, this config asks for " + std::to_string(steps) +
                                " (another subset, batch size or number of epochs): train a new supernet");
  state.steps = steps;
  SupernetTrainResult r;
  r.steps = steps;
  r.parameters = layout.parameters();
  const auto start = Clock::now();
  const double seconds_before = state.seconds;
  auto last_save = start, last_report = start;
  const int64_t first_step = state.step;
  double report_loss = 0;
  int64_t report_steps = 0;
  torch::Tensor perm;
  int64_t perm_epoch = -1;
  net->train();
  auto report = [&](bool saved) {
    if (!progress) return;
    SupernetProgress p;
    p.step = state.step;
    p.steps = steps;
    p.epochs = cfg.supernet.epochs;
    p.epoch = static_cast<int>(std::min<int64_t>(state.step / steps_per_epoch + 1, cfg.supernet.epochs));
    p.loss = report_steps ? report_loss / double(report_steps) : 0;
    p.seconds = seconds_since(start);
    const int64_t done = state.step - first_step;
    p.eta_s = done > 0 ? p.seconds / double(done) * double(steps - state.step) : 0;
    p.saved = saved;
    progress(p);
    report_loss = 0;
    report_steps = 0;
    last_report = Clock::now();
  };
  auto checkpoint_now = [&] {
    state.seconds = seconds_before + seconds_since(start);
    save(net, *opt, state, fingerprint, checkpoint);
    last_save = Clock::now();
  };

  while (state.step < steps) {
    if ((cfg.should_stop && cfg.should_stop()) || (cfg.stop_after_steps > 0 && state.step >= cfg.stop_after_steps)) {
      checkpoint_now();
      report(true);
      break;
    }
    const int64_t epoch = state.step / steps_per_epoch, b = state.step % steps_per_epoch;
    if (epoch != perm_epoch) {  // the epoch's order of the images, from its own seed
      std::vector<int64_t> order(static_cast<size_t>(n));
      std::iota(order.begin(), order.end(), 0);
      std::mt19937_64 rng(mix(cfg.seed, 0xE90C0000ULL + static_cast<uint64_t>(epoch)));
      std::shuffle(order.begin(), order.end(), rng);
      perm = torch::tensor(order, torch::kInt64);
      perm_epoch = epoch;
    }
    const torch::Tensor idx = perm.slice(0, b * cfg.batch_size, std::min(n, (b + 1) * cfg.batch_size));
    const torch::Tensor bx = x.index_select(0, idx), by = y.index_select(0, idx);
    torch::manual_seed(mix(cfg.seed, static_cast<uint64_t>(state.step)));  // dropout
    const std::vector<Point> points = sampling.paths(cfg.space, draw_point(cfg, space, state.step));
    // No gradient (not a zero one) for the banks this step's paths do not use: the optimizer
    // then leaves them alone, instead of moving them on its momentum (LibTorch's zero_grad
    // zeroes), and a continued training takes the same steps as an uninterrupted one.
    for (torch::Tensor& p : net->parameters()) p.mutable_grad() = torch::Tensor();
    torch::Tensor teacher;
    double first_loss = 0;
    for (size_t k = 0; k < points.size(); ++k) {
      Path path = make_path(cfg, points[k]);
      SupernetImpl::View view = net->view(path.point, *path.net);
      const bool recompute =
          double(activation_bytes(*path.net, bx.size(0))) > cfg.supernet.activation_memory_mb * 1024 * 1024;
      ++r.paths;
      if (recompute) ++r.recomputed_paths;
      const torch::Tensor logits =
          recompute ? forward_graph_recomputing(*path.net, view, path.folded, bx, path.mode, net->parameters())
                    : forward_graph(*path.net, view, path.folded, bx, path.mode, true);
      const bool learns_labels = k == 0 || !cfg.supernet.distill;
      const torch::Tensor loss = path_loss(logits, by, learns_labels ? torch::Tensor() : teacher);
      const double value = loss.item<double>();
      if (!std::isfinite(value)) {
        std::ostringstream os;
        os << "supernet training: the loss became " << value << " at step " << state.step + 1 << " (path "
           << architecture(cfg.space, path.point) << "); the checkpoint keeps the last finite weights";
        throw std::runtime_error(os.str());
      }
      if (k == 0) {
        first_loss = value;
        if (sampling.has_teacher() && cfg.supernet.distill) teacher = logits.detach();
      }
      loss.backward();
    }
    opt->step();
    release_freed_memory();  // paths change size from step to step
    ++state.step;
    state.loss_sum += first_loss;
    report_loss += first_loss;
    ++report_steps;
    if (state.step % steps_per_epoch == 0) {
      state.epoch_loss.push_back(state.loss_sum / double(steps_per_epoch));
      state.loss_sum = 0;
    }
    const bool save_due = seconds_since(last_save) >= cfg.supernet.checkpoint_every_s || state.step == steps;
    if (save_due) checkpoint_now();
    if (save_due || std::chrono::duration<double>(Clock::now() - last_report).count() >= 2.0) report(save_due);
  }
  r.steps_done = state.step;
  r.finished = state.step >= steps;
  r.seconds = seconds_before + seconds_since(start);
  r.epoch_loss = state.epoch_loss;
  return r;
}

config::SearchConfig supernet_run_config(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "supernet.toml").string();
  if (!std::filesystem::exists(path))
    throw std::invalid_argument(dir +
                                ": no supernet.toml there, so not a supernet's run directory; train one with imcnas "
                                "supernet train CONFIG --name NAME");
  return config::load_search_config(path);
}

std::string supernet_checkpoint(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "supernet.pt").string();
  if (!std::filesystem::exists(path)) throw std::invalid_argument(dir + ": no supernet.pt yet (its training saves it)");
  return path;
}

struct TrainedSupernet::Impl {
  SupernetTrainConfig cfg;
  Supernet net{nullptr};
  Progress progress;
  int64_t steps = 0;
};

TrainedSupernet::TrainedSupernet(const SupernetTrainConfig& cfg, const std::string& checkpoint)
    : m_impl(std::make_unique<Impl>()) {
  stop_caching_kernels_per_shape();  // every candidate scored has shapes of its own
  m_impl->cfg = cfg;
  const SupernetLayout layout = SupernetLayout::of(cfg.space, cfg.input, cfg.classes);
  m_impl->net = Supernet(layout);
  m_impl->progress = load(m_impl->net, nullptr, layout_fingerprint(layout), checkpoint);
  m_impl->net->eval();
}

TrainedSupernet::~TrainedSupernet() = default;
TrainedSupernet::TrainedSupernet(TrainedSupernet&&) noexcept = default;
TrainedSupernet& TrainedSupernet::operator=(TrainedSupernet&&) noexcept = default;

workloads::NetWeights TrainedSupernet::weights(const Point& point, const workloads::Network& net,
                                               const DataSplits& data, int images) const {
  if (images < 1) throw std::invalid_argument("BN recalibration needs at least one image");
  const SupernetTrainConfig& cfg = m_impl->cfg;
  SupernetImpl::View view = m_impl->net->view(point, net);
  ForwardMode mode = ForwardMode::hardware_view(layer_bits(net, cfg.quant));
  view.recalibrate(bn_folding(net), images_tensor(take(data.train, static_cast<size_t>(images)), data), mode,
                   cfg.batch_size);
  return view.extract();
}

void TrainedSupernet::check_covers(const Point& point, const workloads::Network& net) const {
  m_impl->net->layout().slices(point, net);
}

int64_t TrainedSupernet::steps_done() const { return m_impl->progress.step; }

bool TrainedSupernet::finished() const { return m_impl->progress.step >= m_impl->progress.steps; }

}  // namespace imc::nas
