// SPDX-License-Identifier: MIT
// `imcnas sweep`: every (network, hardware point) of a sweep design, mapped and priced by the
// analytic model or run on the SystemC chip (elaborated once; each run takes its point's
// timing, energy and capacities). No training: a what-if study of the hardware.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "configs/sweep_config.h"
#include "nas/objectives/objectives.h"

namespace imc::nas {

struct SweepResult {
  std::string network;
  std::vector<config::Override> point;  ///< one value per axis
  bool feasible = true;
  std::string reason;  ///< why not: the config, mapping or simulation error
  Metrics metrics;     ///< units in the names (docs/sweep.md)
};

/// The metric columns of a sweep, in order.
const std::vector<std::string>& sweep_metric_names();

/// Called after each point: done, total, the result.
using SweepProgressFn = std::function<void(size_t done, size_t total, const SweepResult&)>;

/// Evaluates the whole design. Throws ConfigError for an axis key the hardware config does not
/// have, before evaluating anything; an invalid combination is an infeasible point.
std::vector<SweepResult> run_sweep(const config::SweepConfig& cfg, const SweepProgressFn& progress = {});

}  // namespace imc::nas
