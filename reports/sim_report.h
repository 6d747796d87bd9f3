// SPDX-License-Identifier: MIT
// How a simulation result is shown: a terminal table, JSON (imcnas.sim.v1), CSV stats.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "mapping/cost_model.h"
#include "systemc_models/chip/sim_result.h"

namespace imc::reports {

void print_sim_result(std::ostream& os, const sim::SimResult& r, const mapping::Estimate& analytic);
nlohmann::json sim_result_json(const sim::SimResult& r, const mapping::Estimate& analytic);
/// Writes DIR/layers.csv and DIR/modules.csv.
void write_stats_csv(const std::string& dir, const sim::SimResult& r);

}  // namespace imc::reports
