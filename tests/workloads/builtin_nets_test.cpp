// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "workloads/library.h"

namespace imc::workloads {
namespace {

Network builtin(const std::string& name) { return load_network(NetRequest{name, {}, {}, 256}); }

Shape shape_of(const Network& net, const std::string& layer) {
  const int i = net.find(layer);
  EXPECT_GE(i, 0) << layer;
  return i < 0 ? Shape{} : net.layer(i).out;
}

int count_kind(const Network& net, LayerKind kind) {
  int n = 0;
  for (const Layer& l : net.layers()) n += l.kind() == kind;
  return n;
}

TEST(BuiltinNets, AllNamesLoad) {
  const std::vector<std::string> expected{"alexnet", "lenet",    "mobilenet", "modela",
                                          "nacim",   "resnet18", "vgg16",     "vgg8"};
  EXPECT_EQ(builtin_net_names(), expected);
  for (const auto& name : builtin_net_names()) {
    const Network net = builtin(name);
    // CIFAR's images, but mobilenet is sized for Fashion-MNIST's (its 7x7 pool ends on 7x7).
    EXPECT_EQ(net.input().out.str(), name == "mobilenet" ? "28x28x1" : "32x32x3") << name;
    EXPECT_EQ(net.output().out, (Shape{1, 1, 10, true})) << name;
  }
}

TEST(BuiltinNets, Lenet) {
  const Network net = builtin("lenet");
  EXPECT_EQ(shape_of(net, "pool2").str(), "5x5x16");
  EXPECT_EQ(shape_of(net, "conv3").str(), "1x1x120");
  EXPECT_EQ(net.total_params(), 456 + 2416 + 48120 + 10164 + 850);
}

TEST(BuiltinNets, Alexnet) {
  const Network net = builtin("alexnet");
  EXPECT_EQ(shape_of(net, "pool1").str(), "8x8x64");
  EXPECT_EQ(shape_of(net, "flatten").str(), "1024");
  EXPECT_EQ(count_kind(net, LayerKind::Conv2d), 5);
}

TEST(BuiltinNets, Vgg8) {
  const Network net = builtin("vgg8");
  EXPECT_EQ(shape_of(net, "conv7").str(), "2x2x1024");  // 3x3, pad 0 on 4x4
  EXPECT_EQ(shape_of(net, "flatten").str(), "1024");
  EXPECT_EQ(count_kind(net, LayerKind::Conv2d), 7);
  EXPECT_EQ(count_kind(net, LayerKind::MaxPool), 4);
  EXPECT_EQ(net.layer(net.find("conv6")).params, 3 * 3 * 512 * 512);
}

TEST(BuiltinNets, Vgg16) {
  const Network net = builtin("vgg16");
  EXPECT_EQ(count_kind(net, LayerKind::Conv2d), 13);
  EXPECT_EQ(count_kind(net, LayerKind::MaxPool), 4);
  EXPECT_EQ(shape_of(net, "flatten").str(), "2048");
}

TEST(BuiltinNets, Resnet18) {
  const Network net = builtin("resnet18");
  EXPECT_EQ(count_kind(net, LayerKind::Conv2d), 1 + 16 + 3);  // stem, 8 blocks x 2, three 3x3 shortcuts
  EXPECT_EQ(count_kind(net, LayerKind::Add), 8);
  EXPECT_EQ(shape_of(net, "pool1").str(), "16x16x64");
  EXPECT_EQ(shape_of(net, "b3_add").str(), "8x8x128");
  EXPECT_EQ(shape_of(net, "b8_relu").str(), "2x2x512");
  EXPECT_EQ(net.layer(net.find("b3_shortcut")).spec.kernel, 3);
  EXPECT_EQ(shape_of(net, "fc1").str(), "512");
}

TEST(BuiltinNets, NacimTemplate) {
  const Network net = builtin("nacim");
  EXPECT_EQ(count_kind(net, LayerKind::Conv2d), 6);
  EXPECT_EQ(count_kind(net, LayerKind::Linear), 2);
  EXPECT_EQ(shape_of(net, "flatten").str(), "1024");
}

TEST(BuiltinNets, ModelAIsThePapersBlocks) {
  const Network net = builtin("modela");
  EXPECT_EQ(count_kind(net, LayerKind::Conv2d), 7);
  EXPECT_EQ(shape_of(net, "flatten").str(), "2048");
}

TEST(BuiltinNets, InputAndClassesOverride) {
  const Network net = load_network(NetRequest{"lenet", Shape{36, 36, 1, false}, 24, 256});
  EXPECT_EQ(net.input().out.str(), "36x36x1");
  EXPECT_EQ(shape_of(net, "conv3").str(), "2x2x120");
  EXPECT_EQ(net.output().out.channels, 24);
}

TEST(BuiltinNets, UnknownNameListsBuiltins) {
  try {
    builtin("vgg9");
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("alexnet, lenet, mobilenet, modela"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace imc::workloads
