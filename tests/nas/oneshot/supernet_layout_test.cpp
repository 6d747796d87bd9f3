// SPDX-License-Identifier: MIT
// Which supernet tensors each candidate of a space draws from, and which part of them.
#include "nas/oneshot/supernet_layout.h"

#include <gtest/gtest.h>

#include "configs/policy_names.h"
#include "nas/oneshot/path_sampling.h"
#include "nas/space/presets.h"
#include "nas/space/space_preset.h"

namespace imc::nas {
namespace {

using Dims = std::vector<int64_t>;

config::SpaceConfig small_amin() {
  config::SpaceConfig cfg;
  cfg.preset = "amin2024";
  cfg.min_blocks = 2;
  cfg.max_blocks = 4;
  cfg.block_types = {"VGG", "MVGG", "RES"};
  cfg.kernels = {8, 16};
  cfg.head_hidden = 12;
  return cfg;
}

const workloads::Shape kInput{8, 8, 1, false};

struct Candidate2 {
  Point point;
  workloads::Network net;
};

Candidate2 candidate(const config::SpaceConfig& cfg, const std::string& arch) {
  const Point p = space_preset(cfg).point_of(cfg, arch);
  return {p, workloads::Network::build(decode(cfg, p, kInput, 2).spec)};
}

const TensorSlice& slice_of(const std::vector<std::optional<LayerSlices>>& s, const workloads::Network& net,
                            const std::string& layer, const std::string& param) {
  return s.at(static_cast<size_t>(net.find(layer))).value().at(param);
}

TEST(SupernetLayout, BanksAreAsLargeAsTheSpacesLargestLayers) {
  const SupernetLayout layout = SupernetLayout::of(small_amin(), kInput, 2);
  const auto& t = layout.tensors();
  EXPECT_EQ(t.at("b1_VGG_conv1.weight").dims, (Dims{16, 1, 3, 3}));
  EXPECT_EQ(t.at("b2_VGG_conv1.weight").dims, (Dims{16, 16, 3, 3}));
  EXPECT_EQ(t.at("b4_RES_shortcut.weight").dims, (Dims{16, 16, 1, 1}));
  EXPECT_EQ(t.count("b3_RES_bn1.running_var"), 0u);  // each candidate estimates its own
  EXPECT_EQ(t.at("b2_VGG_conv1.norm_weight").dims, (Dims{16}));
  EXPECT_EQ(t.count("b3_RES_conv1.norm_weight"), 0u);  // it has a BN
  // One head per feature-map size: 8x8 and up to three pools (8 -> 4 -> 2 -> 1).
  for (const char* size : {"8x8", "4x4", "2x2", "1x1"}) EXPECT_TRUE(t.count(std::string("fc1@") + size + ".weight"));
  EXPECT_EQ(t.at("fc1@4x4.weight").dims, (Dims{12, 16 * 16}));
  EXPECT_EQ(t.at("fc2.weight").dims, (Dims{2, 12}));
  EXPECT_EQ(t.count("b1_MVGG_conv1.weight"), 0u);  // MVGG draws from VGG's convs
}

TEST(SupernetLayout, ACandidateTakesTheLeadingChannelsOfItsBanks) {
  const config::SpaceConfig cfg = small_amin();
  const SupernetLayout layout = SupernetLayout::of(cfg, kInput, 2);
  const Candidate2 c = candidate(cfg, "VGG/8,MVGG/16,RES/8");
  const auto s = layout.slices(c.point, c.net);
  const TensorSlice& conv = slice_of(s, c.net, "b2_conv1", "weight");
  EXPECT_EQ(conv.tensor, "b2_VGG_conv1.weight");
  EXPECT_EQ(conv.dims, (Dims{16, 8, 3, 3}));
  EXPECT_EQ(conv.offset, (Dims{0, 0, 0, 0}));
  EXPECT_EQ(conv.scale, 2.0);  // reads 8 of its bank's 16 input channels
  EXPECT_EQ(slice_of(s, c.net, "b2_conv2", "weight").scale, 1.0);
  EXPECT_EQ(slice_of(s, c.net, "b2_conv1", "bias").scale, 1.0);
  EXPECT_EQ(slice_of(s, c.net, "b3_conv1", "weight").tensor, "b3_RES_conv1.weight");
  EXPECT_EQ(slice_of(s, c.net, "b3_bn2", "weight").dims, (Dims{8}));
  const TensorSlice& fc1 = slice_of(s, c.net, "fc1", "weight");
  EXPECT_EQ(fc1.tensor, "fc1@4x4.weight");  // one pool
  EXPECT_EQ(fc1.dims, (Dims{12, 8 * 16}));
  EXPECT_EQ(fc1.scale, 2.0);
}

TEST(SupernetLayout, LayersWithoutABnOfTheirOwnTrainNormalized) {
  const Candidate2 c = candidate(small_amin(), "VGG/8,RES/16");
  std::vector<std::string> normalized;
  for (size_t i = 0; i < c.net.layers().size(); ++i)
    if (SupernetLayout::normalized_in_training(c.net, i)) normalized.push_back(c.net.layers()[i].name());
  // VGG's convs and the RES shortcut have a bias and no BN; RES's convs have a BN; fc2 is the output.
  EXPECT_EQ(normalized, (std::vector<std::string>{"b1_conv1", "b1_conv2", "b2_shortcut", "fc1"}));
}

TEST(SupernetLayout, ASmallerKernelIsTheCentreOfTheLargerOne) {
  config::SpaceConfig cfg;
  cfg.preset = "nacim";
  cfg.conv_layers = 2;
  cfg.fc_layers = 1;
  cfg.kernel_sizes = {3, 5, 7};
  cfg.filters = {4, 6};
  cfg.neurons = {8, 16};
  const SupernetLayout layout = SupernetLayout::of(cfg, kInput, 2);
  EXPECT_EQ(layout.tensors().at("conv2.weight").dims, (Dims{6, 6, 7, 7}));
  const Candidate2 c = candidate(cfg, "3x4,5x6|8");
  const auto s = layout.slices(c.point, c.net);
  EXPECT_EQ(slice_of(s, c.net, "conv1", "weight").offset, (Dims{0, 0, 2, 2}));
  EXPECT_EQ(slice_of(s, c.net, "conv2", "weight").offset, (Dims{0, 0, 1, 1}));
  EXPECT_EQ(slice_of(s, c.net, "conv2", "weight").dims, (Dims{6, 4, 5, 5}));
  EXPECT_EQ(slice_of(s, c.net, "fc1", "weight").dims, (Dims{8, 6 * 4 * 4}));  // one pool after conv2
}

TEST(SupernetLayout, AnArchitectureOutsideTheSpaceIsRefusedWithWhatItOffers) {
  const config::SpaceConfig cfg = small_amin();
  try {
    space_preset(cfg).point_of(cfg, "VGG/8,VGG/32");
    FAIL() << "K = 32 is not in the space";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("8, 16"), std::string::npos) << e.what();
  }
  EXPECT_THROW(space_preset(cfg).point_of(cfg, "VGG/8"), std::invalid_argument);  // fewer than min_blocks
}

TEST(PathSampling, SandwichTrainsTheDrawnTopologyAtItsLargestAndSmallestWidths) {
  EXPECT_EQ(path_sampling_registry().names(), config::path_sampling_names());
  const config::SpaceConfig cfg = small_amin();
  const Point drawn = space_preset(cfg).point_of(cfg, "RES/16,VGG/8,MVGG/16");
  const std::vector<Point> paths = path_sampling_registry().at("sandwich")->paths(cfg, drawn);
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(architecture(cfg, paths[0]), "RES/16,VGG/16,MVGG/16");
  EXPECT_EQ(architecture(cfg, paths[1]), "RES/8,VGG/8,MVGG/8");
  EXPECT_EQ(architecture(cfg, paths[2]), "RES/16,VGG/8,MVGG/16");
  EXPECT_EQ(path_sampling_registry().at("uniform")->paths(cfg, drawn).size(), 1u);
}

}  // namespace
}  // namespace imc::nas
