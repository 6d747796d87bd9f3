// SPDX-License-Identifier: MIT
#include "nas/space/presets.h"

#include <gtest/gtest.h>

#include "workloads/network.h"

namespace imc::nas {
namespace {

const workloads::Shape kFashion{28, 28, 1, false};

TEST(Presets, Amin2024IsConditionalOnTheNumberOfBlocks) {
  const config::SpaceConfig cfg;  // Table I: 3-8 blocks, VGG/MVGG/RES, K 16..256
  const SearchSpace s = make_space(cfg);
  EXPECT_EQ(s.params().size(), 1u + 2 * 8);
  Point p{{"n_blocks", 4}};
  EXPECT_TRUE(s.active(s.param("bt3"), p));
  EXPECT_TRUE(s.active(s.param("k4"), p));
  EXPECT_FALSE(s.active(s.param("bt5"), p));
  EXPECT_EQ(s.param("k1").choices, (std::vector<std::string>{"16", "32", "64", "128", "256"}));
}

TEST(Presets, HardwareDimensionsJoinTheSpaceAndDecodeToOverrides) {
  config::SpaceConfig cfg;
  cfg.hardware = {{"adc.bits", {"4", "8"}, 0, 0, 0, false, 0, ""},
                  {"crossbar.rows", {}, 64, 256, 64, false, 0, ""},
                  {"adc.sample_rate_gsps", {}, 0.5, 2, 0, true, 0, ""}};
  const SearchSpace s = make_space(cfg);
  EXPECT_EQ(s.params().size(), 1u + 2 * 8 + 3);
  EXPECT_EQ(s.param("adc.bits").kind, ParamKind::Categorical);
  EXPECT_EQ(s.param("crossbar.rows").kind, ParamKind::Int);
  EXPECT_EQ(s.param("crossbar.rows").step, 64);
  EXPECT_EQ(s.param("adc.sample_rate_gsps").kind, ParamKind::LogFloat);
  const Point p{{"n_blocks", 3}, {"adc.bits", 1}, {"crossbar.rows", 128}, {"adc.sample_rate_gsps", 1.5}};
  const std::vector<config::Override> o = hardware_overrides(cfg, p);
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(hardware_text(o), "adc.bits=8, crossbar.rows=128, adc.sample_rate_gsps=1.5");
}

TEST(Presets, Amin2024DecodesToTheBlockNetwork) {
  const config::SpaceConfig cfg;
  const Point p{{"n_blocks", 3}, {"bt1", 0}, {"k1", 0}, {"bt2", 2}, {"k2", 1}, {"bt3", 1}, {"k3", 4}};
  const Candidate c = decode(cfg, p, kFashion, 10);
  EXPECT_EQ(c.architecture, "VGG/16,RES/32,MVGG/256");
  EXPECT_EQ(architecture(cfg, p), c.architecture);
  const workloads::Network net = workloads::Network::build(c.spec);
  EXPECT_EQ(net.output().out.channels, 10);
  EXPECT_GT(net.find("b2_shortcut"), 0);
}

TEST(Presets, CollapsingFeatureMapIsANetworkError) {
  config::SpaceConfig cfg;
  Point p{{"n_blocks", 6}};
  for (int i = 1; i <= 6; ++i) p["bt" + std::to_string(i)] = p["k" + std::to_string(i)] = 0;  // six VGG/16
  const Candidate c = decode(cfg, p, kFashion, 10);  // 28 -> 14 -> 7 -> 3 -> 1 -> 0
  EXPECT_THROW(workloads::Network::build(c.spec), workloads::NetworkError);
}

TEST(Presets, NacimHasSixConvsAndTwoFcLayers) {
  config::SpaceConfig cfg;
  cfg.preset = "nacim";
  const SearchSpace s = make_space(cfg);
  EXPECT_EQ(s.params().size(), 6u * 2 + 2);
  Point p;
  for (const ParamSpec& q : s.params()) p[q.name] = 1;  // kernel 3, 36 filters, 128 neurons
  p["conv1_kernel"] = 3;                                // 7x7
  const Candidate c = decode(cfg, p, workloads::Shape{32, 32, 3, false}, 10);
  EXPECT_EQ(c.architecture, "7x36,3x36,3x36,3x36,3x36,3x36|128,128");
  const workloads::Network net = workloads::Network::build(c.spec);
  EXPECT_EQ(net.layer(net.find("conv6")).out.height, 8);  // 'same' convs, pools after conv2 and conv4
  EXPECT_EQ(net.output().out.channels, 10);
}

TEST(Presets, NacimCanSearchPerLayerBits) {
  config::SpaceConfig cfg;
  cfg.preset = "nacim";
  cfg.weight_bits = {4, 6, 8};
  cfg.activation_bits = {4, 8};
  const SearchSpace s = make_space(cfg);
  EXPECT_EQ(s.params().size(), 6u * 4 + 2 * 3);
  Point p;
  for (const ParamSpec& q : s.params()) p[q.name] = 0;
  p["conv2_wbits"] = 2;
  p["fc1_abits"] = 1;
  const Candidate c = decode(cfg, p, workloads::Shape{28, 28, 1, false}, 10);
  EXPECT_EQ(c.architecture, "1x24/w4a4,1x24/w8a4,1x24/w4a4,1x24/w4a4,1x24/w4a4,1x24/w4a4|64/w4a8,64/w4a4");
  const workloads::Network net = workloads::Network::build(c.spec);
  EXPECT_EQ(net.layer(net.find("conv2")).spec.weight_bits, 8);
  EXPECT_EQ(net.layer(net.find("fc1")).spec.activation_bits, 8);
  EXPECT_EQ(net.layer(net.find("classifier")).spec.weight_bits, 0);  // the chip's
}

}  // namespace
}  // namespace imc::nas
