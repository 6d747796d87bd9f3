// SPDX-License-Identifier: MIT
#include "configs/net_spec.h"

#include <gtest/gtest.h>

#include "configs/config_error.h"
#include "tests/test_util.h"

namespace imc::config {
namespace {

const char* kHeader =
    "name = \"t\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = 8\nwidth = 8\nchannels = 3\n";

std::string error_for(const std::string& body) {
  return test::error_of<ConfigError>([&] { parse_net_text(std::string(kHeader) + body, "net.toml"); });
}

TEST(NetSpec, ReadsLayersWithDefaults) {
  const NetSpec net = parse_net_text(std::string(kHeader) +
                                         "[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 3\n"
                                         "[[layer]]\nname = \"p\"\nkind = \"maxpool\"\nkernel = 2\n",
                                     "net.toml");
  ASSERT_EQ(net.layers.size(), 3u);
  EXPECT_EQ(net.layers[1].kind, LayerKind::Conv2d);
  EXPECT_EQ(net.layers[1].inputs, std::vector<std::string>{"input"});  // defaults to the layer above
  EXPECT_EQ(net.layers[1].stride, 1);
  EXPECT_FALSE(net.layers[1].padding.any());
  EXPECT_EQ(net.layers[2].stride, 2);  // pooling stride defaults to its kernel
  EXPECT_EQ(net.layers[1].origin, "net.toml:8:1");
}

// issue 26: padding is one integer (every side) or [top, left, bottom, right], ONNX's order.
TEST(NetSpec, PaddingIsOneIntegerOrFourSides) {
  const NetSpec net = parse_net_text(std::string(kHeader) +
                                         "[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 2\n"
                                         "padding = [0, 1, 2, 3]\n"
                                         "[[layer]]\nname = \"p\"\nkind = \"avgpool\"\nkernel = 2\npadding = 1\n",
                                     "net.toml");
  EXPECT_EQ(net.layers[1].padding, (Padding{0, 1, 2, 3}));
  EXPECT_EQ(net.layers[2].padding, Padding::uniform(1));

  std::string msg =
      error_for("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 3\npadding = [1, 1]\n");
  EXPECT_NE(msg.find("layer[1].padding: has 2 values, expected one integer or four: [top, left, bottom, right]"),
            std::string::npos)
      << msg;
  msg = error_for("[[layer]]\nname = \"p\"\nkind = \"maxpool\"\nkernel = 2\npadding = [0, 0, 2, 1]\n");
  EXPECT_NE(msg.find("layer[1].padding: is [0, 0, 2, 1]; every side must be at most half the kernel (1)"),
            std::string::npos)
      << msg;
  msg =
      error_for("[[layer]]\nname = \"p\"\nkind = \"maxpool\"\nkernel = 2\npadding = [0, 0, 1, 1]\nceil_mode = true\n");
  EXPECT_NE(msg.find("layer[1].ceil_mode: is true with padding [0, 0, 1, 1]"), std::string::npos) << msg;
}

TEST(NetSpec, UnknownKindListsTheKinds) {
  const std::string msg = error_for("[[layer]]\nname = \"x\"\nkind = \"conv3d\"\n");
  EXPECT_NE(msg.find("net.toml:10:8: layer[1].kind: found string \"conv3d\", expected one of: input, conv2d"),
            std::string::npos)
      << msg;
}

TEST(NetSpec, KeyOfAnotherKindIsUnknown) {
  const std::string msg = error_for("[[layer]]\nname = \"r\"\nkind = \"relu\"\nkernel = 3\n");
  EXPECT_NE(msg.find("net.toml:11:10: layer[1].kernel: unknown key"), std::string::npos) << msg;
}

TEST(NetSpec, MissingRequiredConvKey) {
  const std::string msg = error_for("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nkernel = 3\n");
  EXPECT_NE(msg.find("layer[1].out_channels: missing required key"), std::string::npos) << msg;
}

TEST(NetSpec, OneBitWeightsAreRefused) {
  const std::string msg =
      error_for("[[layer]]\nname = \"c\"\nkind = \"conv2d\"\nout_channels = 4\nkernel = 3\nweight_bits = 1\n");
  EXPECT_NE(msg.find("layer[1].weight_bits: is 1"), std::string::npos) << msg;
}

TEST(NetSpec, InputLayerTakesNoInputs) {
  const std::string msg = test::error_of<ConfigError>([] {
    parse_net_text("name = \"t\"\n[[layer]]\nname = \"in\"\nkind = \"input\"\ninputs = [\"x\"]\n", "net.toml");
  });
  EXPECT_NE(msg.find("layer[0].inputs: an input layer takes no inputs"), std::string::npos) << msg;
}

TEST(NetSpec, DropoutProbabilityRange) {
  const std::string msg = error_for("[[layer]]\nname = \"d\"\nkind = \"dropout\"\np = 1.5\n");
  EXPECT_NE(msg.find("layer[1].p: found float 1.5"), std::string::npos) << msg;
}

TEST(NetSpec, NoLayersIsAnError) {
  const std::string msg = test::error_of<ConfigError>([] { parse_net_text("name = \"t\"\n", "net.toml"); });
  EXPECT_NE(msg.find("layer: missing required key"), std::string::npos) << msg;
}

}  // namespace
}  // namespace imc::config
