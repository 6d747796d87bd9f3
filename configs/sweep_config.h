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
  std::string name;                   ///< run directory under runs/
  std::string source;                 ///< the file
  std::string text;                   ///< its text
  std::vector<std::string> networks;  ///< built-in names, blocks: notation or TOML paths
  std::string hw_config;              ///< resolved against the sweep file
  std::vector<std::string> hw_sets;   ///< base overrides
  std::string level = "analytic";     ///< analytic | simulate
  bool simulates() const { return level == "simulate"; }
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

/// The same design, point by point: its size is counted from the axes before anything is
/// built (a grid axis of 2^40 values is refused, not enumerated), and each point is decoded
/// when asked, so a large grid costs the memory of its axes' values, not of its points.
class SweepDesign {
 public:
  /// Throws ConfigError naming the count when the design has more than max_points.
  explicit SweepDesign(const SweepConfig& cfg);
  int64_t size() const { return m_size; }
  /// Point `i` (0 <= i < size()), as sweep_points(cfg)[i].
  std::vector<Override> point(int64_t i) const;

 private:
  std::vector<HardwareDimension> m_axes;
  bool m_grid = true;
  int64_t m_size = 0;
  std::vector<std::vector<std::string>> m_values;  ///< grid: each axis's values
  std::vector<std::vector<double>> m_unit;         ///< random, sobol: each point's numbers in [0, 1)
};

}  // namespace imc::config
