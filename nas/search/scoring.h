// SPDX-License-Identifier: MIT
// Turns a trial's metrics into what the study stores and the sampler minimizes,
// as the [objective] and [[constraints]] tables of a search config say.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "configs/search_config.h"
#include "nas/objectives/objective.h"

namespace imc::nas {

/// Sets metrics["accuracy"] to the accuracy the objective names (clean, quantized or variation).
void select_accuracy(const config::ObjectiveConfig& objective, Metrics& metrics);

/// Scores the metrics of a finished trial. Throws std::invalid_argument naming a missing metric.
Score score(const config::ObjectiveConfig& objective, const Metrics& metrics);

/// The constraints of a config; `hardware_only` keeps those checkable before training.
std::vector<Constraint> constraints(const config::SearchConfig& cfg, bool hardware_only);

/// The Pareto objectives a report draws: the config's, or accuracy against latency and energy.
std::vector<Objective> report_objectives(const config::ObjectiveConfig& objective);

/// A one-line name of the objective, e.g. "accuracy/latency" or "pareto(accuracy max, energy_mj min)".
std::string objective_name(const config::ObjectiveConfig& objective);

}  // namespace imc::nas
