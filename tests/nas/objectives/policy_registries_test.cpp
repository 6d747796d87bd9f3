// SPDX-License-Identifier: MIT
// Every search-side registry implements exactly the names the config layer accepts, and
// dispatches to the variant registered under each.
#include <gtest/gtest.h>

#include "configs/policy_names.h"
#include "nas/objectives/objective.h"
#include "nas/samplers/sampler.h"
#include "nas/search/pruners/pruner_policy.h"
#include "nas/space/space_preset.h"

namespace imc::nas {
namespace {

TEST(PolicyRegistries, EachImplementsTheConfigLayersNames) {
  EXPECT_EQ(objective_registry().names(), config::objective_kind_names());
  EXPECT_EQ(paper_fitness_registry().names(), config::fitness_names());
  EXPECT_EQ(space_preset_registry().names(), config::space_preset_names());
  EXPECT_EQ(sampler_registry().names(), config::sampler_names());
  EXPECT_EQ(pruner_registry().names(), config::pruner_names());
  EXPECT_EQ(tpe_gamma_registry().names(), config::tpe_gamma_names());
}

TEST(PolicyRegistries, ObjectivesScoreAsTheirKindSays) {
  const Metrics m{{"accuracy", 0.8}, {"latency_ms", 2}, {"energy_mj", 0.5}};
  config::ObjectiveConfig o;
  o.kind = "fitness";
  o.fitness = "accuracy/latency";
  EXPECT_DOUBLE_EQ(*objective_policy(o).score(o, m).fitness, 0.4);
  EXPECT_EQ(objective_policy(o).fitness_unit(o), "1/ms");
  EXPECT_TRUE(objective_policy(o).scalar());
  o.kind = "pareto";
  o.objectives = {{"accuracy", false}, {"energy_mj", true}};
  EXPECT_FALSE(objective_policy(o).scalar());
  EXPECT_EQ(objective_policy(o).score(o, m).losses, (std::vector<double>{-0.8, 0.5}));
  EXPECT_EQ(objective_policy(o).name(o), "pareto(accuracy max, energy_mj min)");
  o.kind = "speed";
  EXPECT_THROW(objective_policy(o), config::UnknownPolicyError);
}

TEST(PolicyRegistries, BenchSamplerNamesAreTheRegisteredOnesAndTwoOptunaPresets) {
  std::vector<std::string> names;
  for (const auto& [name, cfg] : bench_sampler_configs()) names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"random", "tpe", "nsga2", "evolution", "tpe-optuna-gamma", "tpe-multivariate"}));
  EXPECT_THROW(make_sampler("annealing", 0), std::invalid_argument);
}

TEST(PolicyRegistries, PrunerOffMeansNoBars) {
  config::PrunerConfig p;
  p.kind = "none";
  EXPECT_TRUE(prune_bars(p, 5, {{{{1, 0.5}}, true}}).empty());
  p.kind = "median";
  p.startup_trials = 1;
  EXPECT_EQ(prune_bars(p, 3, {{{{1, 0.5}}, true}}).size(), 3u);
}

}  // namespace
}  // namespace imc::nas
