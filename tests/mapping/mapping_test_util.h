// SPDX-License-Identifier: MIT
#pragma once

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

}  // namespace imc::mapping::test
