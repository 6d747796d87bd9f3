// SPDX-License-Identifier: MIT
// Regularized (aging) evolution (Real et al., AAAI 2019), the usual search over a trained
// supernet: the population is the last `population` trials (the oldest dies as each new one
// is told); each ask draws `sample_size` of them, takes the best as the parent and changes
// one of its parameters. The first `population` asks are uniform. Stateless: everything is
// read from the history, so a resumed study continues the same trajectory.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "nas/samplers/sampler.h"

namespace imc::nas {
namespace {

class EvolutionSampler : public Sampler {
 public:
  EvolutionSampler(uint64_t seed, int population, int sample_size)
      : m_seed(seed), m_population(static_cast<size_t>(population)), m_sample_size(static_cast<size_t>(sample_size)) {}
  using Sampler::ask;

  Point ask(const SearchSpace& space, const std::vector<Observation>& history, size_t stream) override {
    std::mt19937_64 rng = ask_rng(m_seed, stream);
    // Uniform (as the random sampler draws on this stream) until there is a population.
    if (history.size() < m_population) return RandomSampler::draw_point(space, rng);
    const size_t first = history.size() - m_population;  // the living: the last `population` trials
    std::vector<size_t> living(m_population);
    std::iota(living.begin(), living.end(), first);
    std::shuffle(living.begin(), living.end(), rng);
    living.resize(std::min(m_sample_size, living.size()));
    // The best of the sample; among equals the youngest (the most recent evaluation).
    const size_t parent = *std::min_element(living.begin(), living.end(), [&](size_t a, size_t b) {
      return history[a].loss < history[b].loss || (history[a].loss == history[b].loss && a > b);
    });
    if (!std::isfinite(history[parent].loss)) {  // nothing alive to mutate: uniform, as at the start
      std::mt19937_64 fresh = ask_rng(m_seed, stream);
      return RandomSampler::draw_point(space, fresh);
    }
    return mutated(space, history[parent].point, rng);
  }

 private:
  /// `parent` with one of its active parameters changed to another value; parameters that
  /// become active are drawn uniformly, those that become inactive dropped.
  static Point mutated(const SearchSpace& space, const Point& parent, std::mt19937_64& rng) {
    std::vector<const ParamSpec*> changeable;
    for (const ParamSpec& p : space.params())
      if (parent.count(p.name) && has_other_value(p)) changeable.push_back(&p);
    if (changeable.empty()) return parent;  // a space of one point
    const ParamSpec& target = *changeable[std::uniform_int_distribution<size_t>(0, changeable.size() - 1)(rng)];
    Point child;
    for (const ParamSpec& p : space.params()) {
      if (!space.active(p, child)) continue;
      if (&p == &target) {
        double v = parent.at(p.name);
        while (v == parent.at(p.name)) v = RandomSampler::draw(p, rng);
        child[p.name] = v;
      } else {
        const auto it = parent.find(p.name);
        child[p.name] = it != parent.end() ? it->second : RandomSampler::draw(p, rng);
      }
    }
    return child;
  }

  static bool has_other_value(const ParamSpec& p) {
    return p.kind == ParamKind::Categorical ? p.choices.size() > 1 : p.high > p.low;
  }

  uint64_t m_seed;
  size_t m_population, m_sample_size;
};

}  // namespace

namespace samplers {
std::unique_ptr<Sampler> make_evolution(const config::SamplerConfig& cfg, uint64_t seed) {
  return std::make_unique<EvolutionSampler>(seed, cfg.population, cfg.sample_size);
}
}  // namespace samplers

}  // namespace imc::nas
