// SPDX-License-Identifier: MIT
// A what-if sweep as declared in a sweep TOML (docs/sweep.md): networks, a base hardware
// config, the level (analytic or simulate), the axes and the design (grid or random).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "configs/overrides.h"
#include "configs/search_config.h"

namespace imc::config {

struct SweepConfig {
  std::string name;                     ///< run directory under runs/
  std::string source;                   ///< the file
  std::string text;                     ///< its text
  std::vector<std::string> networks;    ///< built-in names, blocks: notation or TOML paths
  std::string hw_config;                ///< resolved against the sweep file
  std::vector<std::string> hw_sets;     ///< base overrides
  std::string level = "analytic";       ///< analytic | simulate
  std::vector<HardwareDimension> axes;  ///< [[axes]]
  std::string design = "grid";          ///< grid | random | sobol
  int64_t random_points = 0;            ///< design random or sobol: points per network
  uint64_t seed = 0;
  bool scramble = false;        ///< sobol: a random digital shift drawn from `seed`
  int64_t max_points = 100000;  ///< refused beyond: a grid grows as the product of its axes
};

/// Throws ConfigError naming the file, line and key.
SweepConfig load_sweep_config(const std::string& path, const std::vector<Override>& overrides = {});
SweepConfig parse_sweep_config(const std::string& text, const std::string& source,
                               const std::vector<Override>& overrides = {});

/// The points of the design, one override list per point (the same for every network): the
/// grid's product in axis order (the last axis fastest), `random_points` draws with `seed`, or
/// the first `random_points` of a Sobol' sequence (digitally shifted by `seed` with `scramble`).
/// Throws ConfigError naming the count when a grid has more than max_points.
std::vector<std::vector<Override>> sweep_points(const SweepConfig& cfg);

}  // namespace imc::config
