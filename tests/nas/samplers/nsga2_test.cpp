// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>

#include "nas/samplers/nsga2_sampler.h"

namespace imc::nas {
namespace {

TEST(Nsga2, ParetoRanksPutInfeasibleLast) {
  // (1,4) (2,2) (4,1) are non-dominated; (3,3) is dominated by (2,2); {} is infeasible.
  const std::vector<int> r = pareto_ranks({{1, 4}, {3, 3}, {2, 2}, {}, {4, 1}});
  EXPECT_EQ(r, (std::vector<int>{0, 1, 0, 2, 0}));
}

TEST(Nsga2, CrowdingDistanceHandComputed) {
  // Sorted by the first objective: (0,4) (1,2) (3,1) (4,0); spans 4 and 4.
  const std::vector<double> d = crowding_distances({{1, 2}, {0, 4}, {4, 0}, {3, 1}});
  EXPECT_DOUBLE_EQ(d[0], (3.0 - 0.0) / 4 + (4.0 - 1.0) / 4);
  EXPECT_TRUE(std::isinf(d[1]));
  EXPECT_TRUE(std::isinf(d[2]));
  EXPECT_DOUBLE_EQ(d[3], (4.0 - 1.0) / 4 + (2.0 - 0.0) / 4);
}

SearchSpace two_params() {
  SearchSpace s;
  ParamSpec x;
  x.name = "x";
  x.kind = ParamKind::Float;
  s.add(x);
  ParamSpec c;
  c.name = "c";
  c.kind = ParamKind::Categorical;
  c.choices = {"a", "b", "c"};
  s.add(c);
  return s;
}

/// Two conflicting objectives: x and 1 - x (+ 0.5 if c is not "a").
std::vector<Observation> run(uint64_t seed, int trials) {
  const SearchSpace s = two_params();
  auto sampler = make_nsga2_sampler(seed, {8, 0.9, 0.1});
  std::vector<Observation> h;
  for (int t = 0; t < trials; ++t) {
    Point p = sampler->ask(s, h);
    const double penalty = p.at("c") > 0 ? 0.5 : 0;
    const std::vector<double> losses{p.at("x") + penalty, 1 - p.at("x") + penalty};
    h.push_back({p, losses[0], losses});
  }
  return h;
}

TEST(Nsga2, SameSeedSameTrajectory) {
  const auto a = run(3, 40), b = run(3, 40), c = run(4, 40);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].point, b[i].point);
  EXPECT_NE(a.back().point, c.back().point);
}

TEST(Nsga2, LaterGenerationsKeepTheParetoOptimalCategory) {
  const auto h = run(0, 80);
  int first = 0, last = 0;
  for (int i = 0; i < 8; ++i) first += h[i].point.at("c") == 0;
  for (int i = 72; i < 80; ++i) last += h[i].point.at("c") == 0;
  EXPECT_GT(last, first);  // selection pressure towards c = "a", the only non-dominated choice
  EXPECT_GE(last, 6);
}

}  // namespace
}  // namespace imc::nas
