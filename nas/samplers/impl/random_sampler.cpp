// SPDX-License-Identifier: MIT
#include <cmath>

#include "nas/samplers/sampler.h"

namespace imc::nas {

double RandomSampler::draw(const ParamSpec& p, std::mt19937_64& rng) {
  switch (p.kind) {
    case ParamKind::Categorical:
      return double(std::uniform_int_distribution<size_t>(0, p.choices.size() - 1)(rng));
    case ParamKind::Int: {
      const long steps = std::lround(std::floor((p.high - p.low) / p.step + 1e-9));
      return p.low + p.step * double(std::uniform_int_distribution<long>(0, steps)(rng));
    }
    case ParamKind::Float:
      return std::uniform_real_distribution<double>(p.low, p.high)(rng);
    case ParamKind::LogFloat:
      return std::exp(std::uniform_real_distribution<double>(std::log(p.low), std::log(p.high))(rng));
  }
  return p.low;
}

Point RandomSampler::draw_point(const SearchSpace& space, std::mt19937_64& rng) {
  Point point;
  for (const ParamSpec& p : space.params())
    if (space.active(p, point)) point[p.name] = draw(p, rng);
  return point;
}

Point RandomSampler::ask(const SearchSpace& space, const std::vector<Observation>&, size_t stream) {
  std::mt19937_64 rng = ask_rng(m_seed, stream);
  return draw_point(space, rng);
}

namespace samplers {
std::unique_ptr<Sampler> make_random(const config::SamplerConfig&, uint64_t seed) {
  return std::make_unique<RandomSampler>(seed);
}
}  // namespace samplers

}  // namespace imc::nas
