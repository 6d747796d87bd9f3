// SPDX-License-Identifier: MIT
#include "workloads/network.h"

#include <gtest/gtest.h>

#include "configs/config_error.h"
#include "configs/net_spec.h"
#include "tests/test_util.h"
#include "workloads/shape_inference.h"

namespace imc::workloads {
namespace {

const char* kInput =
    "name = \"t\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = 8\nwidth = 8\nchannels = 3\n";

Network build(const std::string& body) { return Network::build(config::parse_net_text(kInput + body, "net.toml")); }

std::string error_for(const std::string& body) {
  return test::error_of<NetworkError>([&] { build(body); });
}

TEST(Network, ConvShapeParamsAndMacs) {
  const Network net = build("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 3\npadding = 1\n");
  const Layer& c = net.layer(1);
  EXPECT_EQ(c.out, (Shape{8, 8, 4, false}));
  EXPECT_EQ(c.params, 3 * 3 * 3 * 4 + 4);
  EXPECT_EQ(c.macs, int64_t{3 * 3 * 3 * 4} * 8 * 8);
}

// nn.Conv2d(3, 6, 3, padding=1, groups=3) has 6 * 1 * 3 * 3 + 6 = 60 parameters.
TEST(Network, GroupedConvCountsOneGroupsInputsPerOutput) {
  const Network net =
      build("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 6\nkernel = 3\npadding = 1\ngroups = 3\n");
  const Layer& c = net.layer(1);
  EXPECT_EQ(c.groups(), 3);
  EXPECT_EQ(c.fan_in(), 9);
  EXPECT_EQ(c.params, 60);
  EXPECT_EQ(c.macs, int64_t{54} * 8 * 8);
  EXPECT_EQ(net.spec().layers[1].groups, 3);  // written back to a network TOML
}

TEST(Network, GroupsThatDoNotDivideTheChannelsAreRefused) {
  const std::string msg =
      error_for("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 3\ngroups = 2\n");
  EXPECT_NE(msg.find("layer 'c': has groups = 2, which must divide its 3 input channels"), std::string::npos) << msg;
  const std::string out = test::error_of<config::ConfigError>(
      [&] { build("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 3\ngroups = 3\n"); });
  EXPECT_NE(out.find("groups: must divide out_channels (4)"), std::string::npos) << out;
}

// issue 26: activations keep the shape; a mul takes equal shapes or a C×1×1 scale.
TEST(Network, ActivationsAndProductsCheckTheirInputs) {
  const Network net = build(
      "[[layer]]\nname = \"a\"\nkind = \"activation\"\nfunction = \"hard_swish\"\n"
      "[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 8\n"
      "[[layer]]\nname = \"m\"\nkind = \"mul\"\ninputs = [\"p\", \"a\"]\n");
  EXPECT_EQ(net.layer(1).out, (Shape{8, 8, 3, false}));
  EXPECT_EQ(net.output().out, (Shape{8, 8, 3, false}));  // the scale broadcasts, in either order
  EXPECT_EQ(net.output().macs, 0);

  std::string msg = test::error_of<config::ConfigError>(
      [&] { build("[[layer]]\nname = \"a\"\nkind = \"activation\"\nfunction = \"gelu\"\n"); });
  EXPECT_NE(msg.find("function: unknown activation 'gelu'; expected one of: sigmoid, hard_sigmoid, hard_swish, silu"),
            std::string::npos)
      << msg;
  msg = error_for(
      "[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 2\n"
      "[[layer]]\nname = \"m\"\nkind = \"mul\"\ninputs = [\"input\", \"p\"]\n");
  EXPECT_NE(msg.find("layer 'm': mul needs inputs of one shape, or one of C×1×1"), std::string::npos) << msg;
}

TEST(Network, StridedConvAndPool) {
  const Network net = build(
      "[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 2\nkernel = 3\nstride = 2\nbias = false\n"
      "[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 2\n");
  EXPECT_EQ(net.layer(1).out.str(), "3x3x2");  // (8 - 3) / 2 + 1
  EXPECT_EQ(net.layer(1).params, 3 * 3 * 3 * 2);
  EXPECT_EQ(net.layer(2).out.str(), "1x1x2");
}

// Sizes from PyTorch 1.13's nn.MaxPool2d(k, s, p, ceil_mode=True) on an n x n input.
TEST(Network, CeilModePoolsRoundUpAsPyTorchDoes) {
  struct Case {
    int n, k, s, p, floor_out, ceil_out;
  };
  for (const Case& c : {Case{8, 3, 2, 0, 3, 4}, Case{5, 2, 2, 1, 3, 3}, Case{7, 3, 2, 1, 4, 4}, Case{13, 3, 2, 0, 6, 6},
                        Case{6, 3, 3, 1, 2, 3}}) {
    SCOPED_TRACE(std::to_string(c.n) + " k" + std::to_string(c.k) + " s" + std::to_string(c.s) + " p" +
                 std::to_string(c.p));
    EXPECT_EQ(window_output(c.n, c.k, c.s, c.p, c.p, "maxpool"), c.floor_out);
    EXPECT_EQ(window_output(c.n, c.k, c.s, c.p, c.p, "maxpool", true), c.ceil_out);
  }
  const Network net = build("[[layer]]\nname = \"p\"\nkind = \"maxpool\"\nkernel = 3\nstride = 2\nceil_mode = true\n");
  EXPECT_EQ(net.layer(1).out.str(), "4x4x3");
}

TEST(Network, FlattenAndLinear) {
  const Network net = build(
      "[[layer]]\nname = \"f\"\nkind = \"flatten\"\n"
      "[[layer]]\nname = \"fc\"\nkind = \"linear\"\nout_features = 10\n");
  EXPECT_EQ(net.layer(1).out, (Shape{1, 1, 192, true}));
  EXPECT_EQ(net.layer(2).params, 192 * 10 + 10);
  EXPECT_EQ(net.layer(2).macs, 192 * 10);
  EXPECT_EQ(net.total_params(), 1930);
}

TEST(Network, ConcatSumsChannelsAndAddKeepsShape) {
  const Network net = build(
      "[[layer]]\nname = \"a\"\nkind = \"conv2d\"\ninputs = [\"input\"]\nout_channels = 4\nkernel = 1\n"
      "[[layer]]\nname = \"b\"\nkind = \"conv2d\"\ninputs = [\"input\"]\nout_channels = 3\nkernel = 1\n"
      "[[layer]]\nname = \"cat\"\nkind = \"concat\"\ninputs = [\"a\", \"b\"]\n"
      "[[layer]]\nname = \"sum\"\nkind = \"add\"\ninputs = [\"cat\", \"cat2\"]\n"
      "[[layer]]\nname = \"cat2\"\nkind = \"concat\"\ninputs = [\"b\", \"a\"]\n");
  EXPECT_EQ(net.layer(net.find("cat")).out.str(), "8x8x7");
  EXPECT_EQ(net.output().name(), "sum");  // declared before cat2 but ordered after it
  EXPECT_EQ(net.output().out.str(), "8x8x7");
  EXPECT_EQ(net.output().producers.size(), 2u);
}

NetworkError error_with_input(const std::string& input, const std::string& body) {
  try {
    Network::build(config::parse_net_text(
        "name = \"t\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\n" + input + body, "net.toml"));
  } catch (const NetworkError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return NetworkError("none");
}

// Sizes past the documented limits are refused; they used to wrap around in 32 bits.
TEST(Network, TensorsBeyondTheLimitAreRefusedNotWrapped) {
  const std::string flatten = "[[layer]]\nname = \"f\"\nkind = \"flatten\"\n";
  const std::string big = error_with_input("height = 46341\nwidth = 46341\nchannels = 1\n", flatten).what();
  EXPECT_NE(big.find("more than the supported 1073741824 elements"), std::string::npos) << big;
  const std::string huge = error_with_input("height = 65536\nwidth = 65536\nchannels = 65536\n", flatten).what();
  EXPECT_NE(huge.find("65536x65536x65536"), std::string::npos) << huge;
  // Concat channels summed in 64 bits: 1024 x 1024 x (2 x 1M) elements.
  const std::string cat =
      error_with_input(
          "height = 1024\nwidth = 1\nchannels = 1\n",
          "[[layer]]\nname = \"a\"\nkind = \"conv2d\"\ninputs = [\"input\"]\nout_channels = 1048576\nkernel = 1\n"
          "[[layer]]\nname = \"b\"\nkind = \"conv2d\"\ninputs = [\"input\"]\nout_channels = 1048576\nkernel = 1\n"
          "[[layer]]\nname = \"cat\"\nkind = \"concat\"\ninputs = [\"a\", \"b\"]\n")
          .what();
  EXPECT_NE(cat.find("layer 'cat': its output (1024x1x2097152)"), std::string::npos) << cat;
  const std::string fc = error_for(flatten +
                                   "[[layer]]\nname = \"fc\"\nkind = \"linear\"\nout_features = 1048576\n"
                                   "[[layer]]\nname = \"fc2\"\nkind = \"linear\"\nout_features = 1048576\n");
  EXPECT_NE(fc.find("weights, more than the supported"), std::string::npos) << fc;
}

TEST(Network, BatchNormHasScaleAndShift) {
  const Network net = build("[[layer]]\nname = \"bn\"\nkind = \"batchnorm\"\n");
  EXPECT_EQ(net.layer(1).params, 6);
}

TEST(Network, MismatchedChannelsInAdd) {
  const std::string msg = error_for(
      "[[layer]]\nname = \"a\"\nkind = \"conv2d\"\ninputs = [\"input\"]\nout_channels = 4\nkernel = 1\n"
      "[[layer]]\nname = \"sum\"\nkind = \"add\"\ninputs = [\"a\", \"input\"]\n");
  EXPECT_NE(msg.find("net.toml:14:1: layer 'sum': add needs inputs of one shape, but 'a' gives 8x8x4 and 'input' "
                     "gives 8x8x3"),
            std::string::npos)
      << msg;
}

TEST(Network, FeatureMapCollapsingBelowOneByOne) {
  const std::string msg = error_for("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 9\n");
  EXPECT_NE(msg.find("layer 'c': conv2d collapses the feature map below 1x1"), std::string::npos) << msg;
}

TEST(Network, PoolCollapsing) {
  const std::string msg = error_for(
      "[[layer]]\nname = \"p1\"\nkind = \"maxpool\"\nkernel = 4\n"
      "[[layer]]\nname = \"p2\"\nkind = \"maxpool\"\nkernel = 4\n");
  EXPECT_NE(msg.find("layer 'p2': maxpool collapses the feature map below 1x1: size 2"), std::string::npos) << msg;
}

TEST(Network, CycleNamesItsLayers) {
  const std::string msg = error_for(
      "[[layer]]\nname = \"a\"\nkind = \"add\"\ninputs = [\"input\", \"c\"]\n"
      "[[layer]]\nname = \"b\"\nkind = \"relu\"\n"
      "[[layer]]\nname = \"c\"\nkind = \"relu\"\n");
  EXPECT_NE(msg.find("is part of a cycle: a -> b -> c"), std::string::npos) << msg;
}

TEST(Network, SelfLoopIsACycle) {
  const std::string msg = error_for("[[layer]]\nname = \"a\"\nkind = \"relu\"\ninputs = [\"a\"]\n");
  EXPECT_NE(msg.find("takes its own output as input"), std::string::npos) << msg;
}

TEST(Network, DanglingInput) {
  const std::string msg = error_for("[[layer]]\nname = \"a\"\nkind = \"relu\"\ninputs = [\"conv9\"]\n");
  EXPECT_NE(msg.find("net.toml:8:1: layer 'a': input 'conv9' is not a layer of this network (dangling input)"),
            std::string::npos)
      << msg;
}

TEST(Network, DuplicateName) {
  const std::string msg = error_for("[[layer]]\nname = \"input\"\nkind = \"relu\"\n");
  EXPECT_NE(msg.find("layer 'input': duplicate name; first declared at net.toml:2:1"), std::string::npos) << msg;
}

TEST(Network, LinearOnAFeatureMapAsksForFlatten) {
  const std::string msg = error_for("[[layer]]\nname = \"fc\"\nkind = \"linear\"\nout_features = 10\n");
  EXPECT_NE(msg.find("add a flatten layer"), std::string::npos) << msg;
}

TEST(Network, ConvOnAFlatInputIsRejected) {
  const std::string msg = error_for(
      "[[layer]]\nname = \"f\"\nkind = \"flatten\"\n"
      "[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 1\n");
  EXPECT_NE(msg.find("conv2d needs a feature map, but input 'f' is flat"), std::string::npos) << msg;
}

TEST(Network, TwoOutputsAreRejected) {
  const std::string msg = error_for(
      "[[layer]]\nname = \"a\"\nkind = \"relu\"\n"
      "[[layer]]\nname = \"b\"\nkind = \"relu\"\ninputs = [\"input\"]\n");
  EXPECT_NE(msg.find("2 layers whose output nobody uses (a, b)"), std::string::npos) << msg;
}

TEST(Network, AddNeedsTwoInputs) {
  const std::string msg = error_for("[[layer]]\nname = \"a\"\nkind = \"add\"\n");
  EXPECT_NE(msg.find("add takes at least 2 input(s), found 1"), std::string::npos) << msg;
}

TEST(Network, DotHasOneNodePerLayerAndEveryEdge) {
  const Network net = build("[[layer]]\nname = \"r\"\nkind = \"relu\"\n");
  const std::string dot = net.to_dot();
  EXPECT_NE(dot.find("digraph"), std::string::npos);
  EXPECT_NE(dot.find("input\\ninput 8x8x3"), std::string::npos) << dot;
  EXPECT_NE(dot.find("0->1"), std::string::npos) << dot;
}

}  // namespace
}  // namespace imc::workloads
