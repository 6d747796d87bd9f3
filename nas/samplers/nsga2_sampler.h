// SPDX-License-Identifier: MIT
// NSGA-II (Deb et al. 2002) as an ask/tell sampler, generation by generation as
// Optuna's NSGAIISampler runs it: the first generation is uniform; each later
// child comes from two parents chosen by binary tournament (Pareto rank, then
// crowding distance) among the survivors of all earlier generations.
#pragma once

#include <memory>

#include "nas/samplers/sampler.h"

namespace imc::nas {

struct Nsga2Options {
  int population = 20;
  double crossover_probability = 0.9;  ///< per child: uniform crossover, else a copy of the first parent
  double mutation_probability = 0;     ///< per parameter; 0: 1 / number of parameters
};

std::unique_ptr<Sampler> make_nsga2_sampler(uint64_t seed, const Nsga2Options& options = {});

/// Pareto ranks (0 = non-dominated) of loss vectors, all minimized; an empty vector
/// (failed or infeasible) is dominated by every non-empty one.
std::vector<int> pareto_ranks(const std::vector<std::vector<double>>& losses);
/// Crowding distance of each point within one front (boundary points: infinity).
std::vector<double> crowding_distances(const std::vector<std::vector<double>>& front);

}  // namespace imc::nas
