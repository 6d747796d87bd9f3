// SPDX-License-Identifier: MIT
// Regularized (aging) evolution: uniform start, tournament over the living, one-parameter
// mutations, aging, conditional parameters and determinism.
#include <gtest/gtest.h>

#include "nas/samplers/sampler.h"

namespace imc::nas {
namespace {

/// n in {1, 2, 3} blocks, each with a categorical type (active when n is large enough), and a float.
SearchSpace blocks() {
  SearchSpace s;
  ParamSpec n;
  n.name = "n";
  n.kind = ParamKind::Int;
  n.low = 1;
  n.high = 3;
  s.add(n);
  for (int i = 1; i <= 3; ++i) {
    ParamSpec t;
    t.name = "t" + std::to_string(i);
    t.kind = ParamKind::Categorical;
    t.choices = {"a", "b", "c", "d"};
    t.parent = "n";
    t.parent_min = i;
    s.add(t);
  }
  ParamSpec x;
  x.name = "x";
  x.kind = ParamKind::Float;
  s.add(x);
  return s;
}

config::SamplerConfig evolution(int population, int sample_size) {
  config::SamplerConfig c;
  c.name = "evolution";
  c.population = population;
  c.sample_size = sample_size;
  return c;
}

/// `count` random observations, loss 1 + i (so the first is the best).
std::vector<Observation> history_of(const SearchSpace& space, size_t count) {
  std::vector<Observation> h;
  std::mt19937_64 rng(11);
  for (size_t i = 0; i < count; ++i) h.push_back({RandomSampler::draw_point(space, rng), 1.0 + double(i)});
  return h;
}

size_t changed(const Point& a, const Point& b) {
  size_t n = 0;
  for (const auto& [k, v] : a) n += !b.count(k) || b.at(k) != v;
  for (const auto& [k, v] : b) n += !a.count(k);
  return n;
}

TEST(Evolution, TheFirstPopulationIsUniform) {
  const SearchSpace space = blocks();
  auto sampler = make_study_sampler(evolution(8, 3), 5);
  RandomSampler random(5);
  const std::vector<Observation> h = history_of(space, 7);
  EXPECT_EQ(sampler->ask(space, h), random.ask(space, h));
}

TEST(Evolution, AChildIsItsTournamentWinnerWithOneParameterChanged) {
  const SearchSpace space = blocks();
  std::vector<Observation> h = history_of(space, 10);
  h[6].loss = 0;  // the best of the living (the last 8)
  h[6].point = {{"n", 2}, {"t1", 0}, {"t2", 3}, {"x", 0.5}};
  auto sampler = make_study_sampler(evolution(8, 8), 3);  // the tournament sees every living trial
  for (size_t stream = 10; stream < 60; ++stream) {
    const Point child = sampler->ask(space, h, stream);
    if (child.at("n") == 2) {
      EXPECT_EQ(changed(child, h[6].point), 1u) << "stream " << stream;
    } else {
      // n changed: the other parameters are the parent's, a new block drawn or the last dropped.
      EXPECT_EQ(child.count("t3"), child.at("n") == 3 ? 1u : 0u);
      EXPECT_EQ(child.count("t2"), child.at("n") >= 2 ? 1u : 0u);
      EXPECT_EQ(child.at("t1"), 0);
      EXPECT_EQ(child.at("x"), 0.5);
    }
  }
}

TEST(Evolution, TheOldDieHoweverGoodTheyWere) {
  // Three parameters of ten values. The best trial ever is 12 trials old and all zeros; every
  // living one (the last 8) has values of 5 and up, and h[4] is the best of them.
  SearchSpace space;
  for (const char* name : {"a", "b", "c"}) {
    ParamSpec p;
    p.name = name;
    p.kind = ParamKind::Categorical;
    p.choices = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    space.add(p);
  }
  std::vector<Observation> h;
  for (int i = 0; i < 12; ++i) h.push_back({{{"a", 5 + i % 5}, {"b", 9 - i % 5}, {"c", 5 + (i * 3) % 5}}, 10.0 + i});
  h[0] = {{{"a", 0}, {"b", 0}, {"c", 0}}, -100};
  h[4].loss = 1;
  auto sampler = make_study_sampler(evolution(8, 8), 3);
  for (size_t stream = 12; stream < 40; ++stream) {
    const Point child = sampler->ask(space, h, stream);
    EXPECT_EQ(changed(child, h[4].point), 1u) << stream;
    EXPECT_GE(changed(child, h[0].point), 2u) << stream;
  }
}

TEST(Evolution, TheSameSeedAndHistoryGiveTheSamePoint) {
  const SearchSpace space = blocks();
  const std::vector<Observation> h = history_of(space, 30);
  auto a = make_study_sampler(evolution(10, 4), 9), b = make_study_sampler(evolution(10, 4), 9),
       c = make_study_sampler(evolution(10, 4), 10);
  EXPECT_EQ(a->ask(space, h), b->ask(space, h));
  bool differs = false;
  for (size_t stream = 30; stream < 40 && !differs; ++stream)
    differs = a->ask(space, h, stream) != c->ask(space, h, stream);
  EXPECT_TRUE(differs);
}

TEST(Evolution, FailedParentsAreNeverChosen) {
  const SearchSpace space = blocks();
  std::vector<Observation> h = history_of(space, 10);
  for (Observation& o : h) o.loss = std::numeric_limits<double>::infinity();
  auto sampler = make_study_sampler(evolution(8, 8), 3);
  RandomSampler random(3);
  EXPECT_EQ(sampler->ask(space, h), random.ask(space, h));  // nothing alive to mutate: uniform
}

}  // namespace
}  // namespace imc::nas
