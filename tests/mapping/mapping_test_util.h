// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "configs/hw_config.h"
#include "configs/net_spec.h"
#include "tests/test_util.h"
#include "workloads/network.h"

namespace imc::mapping::test {

inline config::HwConfig mnsim_hw(const std::vector<std::string>& sets = {}) {
  return config::load_hw_config(imc::test::source_path("configs/hw/mnsim-2024.toml"), config::parse_overrides(sets));
}

/// A one-layer network: input HxWxC, then `layer_toml` (a [[layer]] table named "x").
inline workloads::Network one_layer(int h, int w, int c, const std::string& layer_toml) {
  const std::string text =
      "name = \"t\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = " + std::to_string(h) +
      "\nwidth = " + std::to_string(w) + "\nchannels = " + std::to_string(c) + "\n" + layer_toml;
  return workloads::Network::build(config::parse_net_text(text, "t.toml"));
}

inline std::string conv(int out, int k, int pad = 0) {
  return "[[layer]]\nname = \"x\"\nkind = \"conv2d\"\nout_channels = " + std::to_string(out) +
         "\nkernel = " + std::to_string(k) + "\npadding = " + std::to_string(pad) + "\n";
}

/// a feeds d directly and through b and c (DenseNet's pattern): d reads a's row i only
/// together with c's row i, which comes two 3x3 convs later.
inline workloads::Network dense_pattern(int side) {
  std::string text =
      "name = \"dense\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = " + std::to_string(side) +
      "\nwidth = " + std::to_string(side) + "\nchannels = 16\n";
  const auto conv = [](const std::string& name, const std::string& input) {
    return "[[layer]]\nname = \"" + name + "\"\nkind = \"conv2d\"\nout_channels = 16\nkernel = 3\npadding = 1\n" +
           "inputs = [\"" + input + "\"]\n";
  };
  text += conv("a", "input") + conv("b", "a") + conv("c", "b");
  text += "[[layer]]\nname = \"cat\"\nkind = \"concat\"\ninputs = [\"a\", \"c\"]\n";
  text += conv("d", "cat");
  return workloads::Network::build(config::parse_net_text(text, "dense.toml"));
}

/// conv a -> hard_swish; squeeze (pool, 1x1 conv b, sigmoid) -> a * scale (squeeze-and-excitation);
/// `silu_after`: a silu on the product too.
inline workloads::Network se_block(bool silu_after = false) {
  std::string text = R"(name = "se"
[[layer]]
name = "input"
kind = "input"
height = 8
width = 8
channels = 4
[[layer]]
name = "a"
kind = "conv2d"
out_channels = 96
kernel = 3
padding = 1
[[layer]]
name = "a_act"
kind = "activation"
function = "hard_swish"
[[layer]]
name = "pool"
kind = "avgpool"
kernel = 8
[[layer]]
name = "b"
kind = "conv2d"
out_channels = 96
kernel = 1
[[layer]]
name = "gate"
kind = "activation"
function = "sigmoid"
[[layer]]
name = "scaled"
kind = "mul"
inputs = ["a_act", "gate"]
)";
  if (silu_after) text += "[[layer]]\nname = \"out\"\nkind = \"activation\"\nfunction = \"silu\"\n";
  return workloads::Network::build(config::parse_net_text(text, "se.toml"));
}

}  // namespace imc::mapping::test
