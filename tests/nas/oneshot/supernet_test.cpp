// SPDX-License-Identifier: MIT
// The supernet's sub-networks against networks of their own, and its training's resume.
#include "nas/oneshot/supernet.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "nas/oneshot/oneshot_scoring.h"
#include "nas/oneshot/supernet_training.h"
#include "nas/space/presets.h"
#include "nas/space/space_preset.h"
#include "nas/train/layer_bits.h"
#include "nas/train/saved_model.h"
#include "nas/train/torch_net.h"
#include "tests/nas/train/generated_data.h"

namespace imc::nas {
namespace {

const workloads::Shape kInput{8, 8, 1, false};

config::SpaceConfig small_amin() {
  config::SpaceConfig cfg;
  cfg.min_blocks = 2;
  cfg.max_blocks = 3;
  cfg.block_types = {"VGG", "MVGG", "RES"};
  cfg.kernels = {4, 8};
  cfg.head_hidden = 8;
  return cfg;
}

config::SpaceConfig small_nacim() {
  config::SpaceConfig cfg;
  cfg.preset = "nacim";
  cfg.conv_layers = 2;
  cfg.fc_layers = 1;
  cfg.kernel_sizes = {3, 5};
  cfg.filters = {4, 6};
  cfg.neurons = {8, 12};
  return cfg;
}

/// A supernet whose BN affine parts and training normalizations are not at identity.
Supernet randomized_supernet(const config::SpaceConfig& cfg) {
  torch::manual_seed(3);
  Supernet net(SupernetLayout::of(cfg, kInput, 2));
  torch::NoGradGuard no_grad;
  for (auto& p : net->named_parameters())
    if (p.value().dim() == 1) p.value().copy_(torch::randn_like(p.value()) * 0.5 + 1);
  return net;
}

/// A candidate's view with BN statistics estimated on random images (not 0 and 1).
SupernetImpl::View calibrated_view(Supernet& super, const Point& point, const workloads::Network& net) {
  SupernetImpl::View view = super->view(point, net);
  view.recalibrate(bn_folding(net), torch::randn({12, 1, 8, 8}) + 0.3, ForwardMode{}, 4);
  return view;
}

void expect_same_outputs(const config::SpaceConfig& cfg, const std::string& arch) {
  Supernet super = randomized_supernet(cfg);
  const Point point = space_preset(cfg).point_of(cfg, arch);
  const workloads::Network net = workloads::Network::build(decode(cfg, point, kInput, 2).spec);
  SupernetImpl::View view = calibrated_view(super, point, net);
  NetModule own(net);
  load_weights(*own, view.extract());
  own->eval();
  const torch::Tensor x = torch::randn({5, 1, 8, 8});
  const std::vector<int> folded = bn_folding(net);
  ForwardMode quantized = ForwardMode::hardware_view(layer_bits(net, {6, 7}));
  for (const ForwardMode& mode : {ForwardMode{}, quantized}) {
    const torch::Tensor from_supernet = forward_graph(net, view, folded, x, mode, false);
    const torch::Tensor from_own = own->forward(x, mode);
    EXPECT_TRUE(torch::equal(from_supernet, from_own)) << arch << (mode.fold_bn ? " (hardware view)" : " (float)");
  }
}

TEST(Supernet, AnExtractedSubNetworkComputesBitForBitWhatItsSupernetPathComputes) {
  for (const char* arch : {"VGG/4,RES/8", "RES/8,MVGG/4,VGG/8", "MVGG/8,VGG/8"})
    expect_same_outputs(small_amin(), arch);
  for (const char* arch : {"3x4,5x6|8", "5x6,3x4|12"}) expect_same_outputs(small_nacim(), arch);
}

TEST(Supernet, FoldingTheTrainingNormalizationsKeepsWhatThePathComputes) {
  const config::SpaceConfig cfg = small_amin();
  Supernet super = randomized_supernet(cfg);
  const Point point = space_preset(cfg).point_of(cfg, "VGG/4,MVGG/8,RES/8");
  const workloads::Network net = workloads::Network::build(decode(cfg, point, kInput, 2).spec);
  SupernetImpl::View view = calibrated_view(super, point, net);
  const torch::Tensor x = torch::randn({5, 1, 8, 8});
  const std::vector<int> folded = bn_folding(net);
  const torch::Tensor normalized = forward_graph(net, view, folded, x, ForwardMode{}, false);
  view.fold();
  const torch::Tensor in_weights = forward_graph(net, view, folded, x, ForwardMode{}, false);
  EXPECT_TRUE(torch::allclose(normalized, in_weights, 1e-4, 1e-5));
  // The normalization is not the identity here: without it the output differs.
  SupernetImpl::View raw = super->view(point, net);
  raw.recalibrate(folded, torch::randn({12, 1, 8, 8}) + 0.3, ForwardMode{}, 4);
  EXPECT_FALSE(torch::allclose(forward_graph(net, raw, folded, x, ForwardMode{}, false), normalized, 1e-2, 1e-3));
}

/// A directory of its own under the system's temporary directory, removed with it.
struct ScratchDir {
  explicit ScratchDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path path;
};

SupernetTrainConfig tiny_training() {
  SupernetTrainConfig cfg;
  cfg.space = small_amin();
  cfg.supernet.epochs = 2;
  cfg.supernet.sampling = "sandwich";
  cfg.supernet.distill = true;
  cfg.supernet.checkpoint_every_s = 1e6;
  cfg.input = kInput;
  cfg.classes = 2;
  cfg.batch_size = 16;
  cfg.learning_rate = 0.01;
  cfg.quant = {8, 8};
  cfg.seed = 5;
  cfg.threads = 1;
  return cfg;
}

TEST(SupernetTraining, ContinuingAStoppedTrainingGivesTheWeightsOfAnUnstoppedOne) {
  const DataSplits data = test_data::two_halves(64, 16, 1);
  const ScratchDir scratch("supernet-resume");
  const std::filesystem::path& dir = scratch.path;
  const std::string whole = (dir / "whole.pt").string(), parts = (dir / "parts.pt").string();
  SupernetTrainConfig cfg = tiny_training();
  const SupernetTrainResult a = train_supernet(cfg, data, whole);
  EXPECT_TRUE(a.finished);
  EXPECT_EQ(a.steps, 8);
  cfg.stop_after_steps = 3;
  const SupernetTrainResult first = train_supernet(cfg, data, parts);
  EXPECT_FALSE(first.finished);
  EXPECT_EQ(first.steps_done, 3);
  cfg.stop_after_steps = 0;
  const SupernetTrainResult rest = train_supernet(cfg, data, parts);
  EXPECT_TRUE(rest.finished);
  EXPECT_EQ(rest.epoch_loss, a.epoch_loss);

  const TrainedSupernet one(cfg, whole), two(cfg, parts);
  const Point point = space_preset(cfg.space).point_of(cfg.space, "RES/8,VGG/8,MVGG/8");
  const workloads::Network net = workloads::Network::build(decode(cfg.space, point, kInput, 2).spec);
  const workloads::NetWeights wa = one.weights(point, net, data, 16), wb = two.weights(point, net, data, 16);
  ASSERT_EQ(wa.size(), wb.size());
  for (const auto& [name, t] : wa) EXPECT_EQ(t.values, wb.at(name).values) << name;
}

TEST(SupernetTraining, RecomputingEveryPathReachesTheSameWeights) {
  const DataSplits data = test_data::two_halves(64, 16, 1);
  const ScratchDir scratch("supernet-recompute");
  const std::filesystem::path& dir = scratch.path;
  const std::string kept = (dir / "kept.pt").string(), recomputed = (dir / "recomputed.pt").string();
  SupernetTrainConfig cfg = tiny_training();
  cfg.supernet.epochs = 1;
  const SupernetTrainResult plain = train_supernet(cfg, data, kept);  // far below the default 512 MB
  EXPECT_EQ(plain.recomputed_paths, 0);
  cfg.supernet.activation_memory_mb = 0;
  const SupernetTrainResult again = train_supernet(cfg, data, recomputed);
  EXPECT_EQ(again.recomputed_paths, again.paths);
  EXPECT_EQ(again.paths, 3 * again.steps);  // sandwich
  torch::serialize::InputArchive a, b;
  a.load_from(kept);
  b.load_from(recomputed);
  Supernet one(SupernetLayout::of(cfg.space, kInput, 2)), two(SupernetLayout::of(cfg.space, kInput, 2));
  one->load(a);
  two->load(b);
  const auto pa = one->named_parameters(), pb = two->named_parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (const auto& p : pa) EXPECT_TRUE(torch::equal(p.value(), pb[p.key()])) << p.key();
}

TEST(SupernetTraining, InheritedWeightsBeatChanceAfterTraining) {
  const DataSplits data = test_data::two_halves(256, 64, 2);
  const ScratchDir scratch("supernet-learn");
  const std::filesystem::path& dir = scratch.path;
  const std::string ckpt = (dir / "supernet.pt").string();
  SupernetTrainConfig cfg = tiny_training();
  cfg.supernet.epochs = 3;
  train_supernet(cfg, data, ckpt);
  const TrainedSupernet super(cfg, ckpt);
  const Point point = space_preset(cfg.space).point_of(cfg.space, "VGG/4,MVGG/8");
  const workloads::Network net = workloads::Network::build(decode(cfg.space, point, kInput, 2).spec);
  TrainConfig eval;
  eval.quant = cfg.quant;
  eval.batch_size = 16;
  eval.threads = 1;
  const TrainResult r = evaluate_weights(net, data, eval, super.weights(point, net, data, 64));
  EXPECT_GT(r.validation.quantized, 0.8);
}

TEST(OneshotScoring, TheCleanPassRunsOnlyWhenTheStudyReadsIt) {
  config::SearchConfig cfg;
  EXPECT_FALSE(reads_clean_accuracy(cfg));  // the objective's default accuracy is the quantized one
  cfg.objective.accuracy = "clean";
  EXPECT_TRUE(reads_clean_accuracy(cfg));
  cfg.objective.accuracy = "quantized";
  cfg.constraints.push_back({"accuracy_clean", false, 0.5});
  EXPECT_TRUE(reads_clean_accuracy(cfg));
  cfg.constraints.clear();
  cfg.objective.objectives.push_back({"accuracy_clean", false});
  EXPECT_TRUE(reads_clean_accuracy(cfg));
}

}  // namespace
}  // namespace imc::nas
