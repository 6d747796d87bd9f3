// SPDX-License-Identifier: MIT
#include "workloads/blocks.h"

#include <gtest/gtest.h>

#include "workloads/library.h"
#include "workloads/network.h"

namespace imc::workloads {
namespace {

TEST(Blocks, ParsesThePapersNotation) {
  const auto blocks = parse_blocks("VGG/32,MVGG/16,RES/256");
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].type, BlockType::MVGG);
  EXPECT_EQ(blocks[2].kernels, 256);
  EXPECT_EQ(blocks_notation(blocks), "VGG/32,MVGG/16,RES/256");
}

TEST(Blocks, RejectsBadNotation) {
  for (const char* bad : {"", "VGG", "VGG/", "VGG/0", "VGG/3x", "CONV/3", "VGG/32,,RES/3"}) {
    EXPECT_THROW(parse_blocks(bad), std::invalid_argument) << bad;
  }
}

TEST(Blocks, VggHalvesMvggKeepsResAddsShortcut) {
  const Network net = Network::build(build_block_net(parse_blocks("VGG/16,MVGG/32,RES/64"), {28, 28, 1, false}, {}));
  EXPECT_EQ(net.layer(net.find("b1_pool")).out.str(), "14x14x16");
  EXPECT_EQ(net.layer(net.find("b2_relu2")).out.str(), "14x14x32");
  const Layer& sc = net.layer(net.find("b3_shortcut"));
  EXPECT_EQ(sc.spec.kernel, 1);
  EXPECT_EQ(sc.in.channels, 32);
  const Layer& add = net.layer(net.find("b3_add"));
  EXPECT_EQ(add.producers.size(), 2u);
  EXPECT_EQ(add.out.str(), "14x14x64");
  EXPECT_EQ(net.layer(net.find("flatten")).out.channels, 14 * 14 * 64);
  EXPECT_EQ(net.layer(net.find("fc1")).out.channels, 256);
  EXPECT_EQ(net.output().out.channels, 10);
}

// MobileNet's depthwise-separable block: a depthwise 3x3 conv over the channels it receives,
// then a 1x1 conv to K; about 1/8 of an MVGG block's MACs at these sizes.
TEST(Blocks, ADepthwiseSeparableBlockIsADepthwiseThenAPointwiseConv) {
  const Network net = Network::build(build_block_net(parse_blocks("MVGG/32,DWS/64"), {28, 28, 1, false}, {}));
  const Layer& dw = net.layer(net.find("b2_dw"));
  EXPECT_EQ(dw.spec.groups, 32);
  EXPECT_EQ(dw.out.str(), "28x28x32");
  EXPECT_EQ(dw.macs, 28 * 28 * 32 * 9);
  const Layer& pw = net.layer(net.find("b2_pw"));
  EXPECT_EQ(pw.spec.kernel, 1);
  EXPECT_EQ(pw.macs, 28 * 28 * 32 * 64);
  EXPECT_EQ(net.layer(net.find("b2_relu2")).out.str(), "28x28x64");
  const Network mvgg = Network::build(build_block_net(parse_blocks("MVGG/32,MVGG/64"), {28, 28, 1, false}, {}));
  EXPECT_EQ(mvgg.layer(mvgg.find("b2_conv1")).macs, 28 * 28 * 9 * 32 * 64);
  // The first block's depthwise conv runs over the image's own channels.
  EXPECT_EQ(Network::build(build_block_net(parse_blocks("DWS/16"), {32, 32, 3, false}, {})).layer(0 + 1).spec.groups,
            3);
  try {
    parse_blocks("CONV/3");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("VGG, MVGG, RES, DWS"), std::string::npos) << e.what();
  }
}

TEST(Blocks, HeadWidthIsConfigurable) {
  Head head;
  head.hidden = 128;
  head.classes = 24;
  const Network net = Network::build(build_block_net(parse_blocks("VGG/16"), {28, 28, 1, false}, head));
  EXPECT_EQ(net.layer(net.find("fc1")).out.channels, 128);
  EXPECT_EQ(net.output().out.channels, 24);
}

TEST(Blocks, TooManyPoolsCollapse) {
  EXPECT_THROW(
      load_network(NetRequest{"blocks:VGG/16,VGG/16,VGG/16,VGG/16,VGG/16,VGG/16", Shape{28, 28, 1, false}, 10, 256}),
      NetworkError);
}

// 4,000 blocks on the command line took 1.5 GB: every layer kept its own copy of the whole
// notation as its origin. The origin is shortened, so memory grows linearly (issue 27, item 17).
TEST(Blocks, ALongNotationIsShortenedInEachLayersOrigin) {
  const std::vector<Block> blocks(4000, Block{BlockType::MVGG, 16});
  const config::NetSpec net = build_block_net(blocks, Shape{32, 32, 3, false}, Head{});
  size_t origin_chars = 0;
  for (const config::LayerSpec& l : net.layers) origin_chars += l.origin.size();
  EXPECT_LT(origin_chars, net.layers.size() * 200);
  EXPECT_NE(net.layers.front().origin.find("... (4000 blocks)"), std::string::npos) << net.layers.front().origin;
  EXPECT_EQ(net.source.size(), std::string("blocks:").size() + 4000 * 8 - 1);  // the name keeps the notation
  const config::NetSpec small = build_block_net(parse_blocks("VGG/32,RES/64"), Shape{32, 32, 3, false}, Head{});
  EXPECT_EQ(small.layers.front().origin, "blocks:VGG/32,RES/64");
}

}  // namespace
}  // namespace imc::workloads
