// SPDX-License-Identifier: MIT
// The gnuplot plots of a sweep (docs/sweep.md): each metric against each axis, a heat map for
// each pair of axes, and the Pareto front of energy against latency with area as colour.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "configs/sweep_config.h"
#include "explore/study/sweep_db.h"

namespace imc::cli {

/// Writes the plots into `dir` and appends each file written to `written`.
void write_sweep_plots(const std::filesystem::path& dir, const config::SweepConfig& cfg,
                       const std::vector<explore::SweepResult>& results, std::vector<std::string>& written);

}  // namespace imc::cli
