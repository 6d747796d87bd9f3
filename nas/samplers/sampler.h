// SPDX-License-Identifier: MIT
// Ask/tell samplers, independent of what evaluates the points.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "configs/registry.h"
#include "configs/search_config.h"
#include "nas/space/search_space.h"

namespace imc::nas {

/// A finished (or running) trial as a sampler sees it. Failed, infeasible and running
/// trials have loss +inf: a bad outcome (hyperopt's rule).
struct Observation {
  Point point;
  double loss = std::numeric_limits<double>::infinity();
  std::vector<double> losses;  ///< multi-objective (NSGA-II); empty: failed, infeasible or pruned
  /// Stopped by the pruner (loss +inf): TPE ranks it after every complete trial and before the
  /// failed ones, pruned trials by the epoch they reached (later first), then by their validation
  /// accuracy there (higher first), as Optuna's TPE does.
  bool pruned = false;
  int last_epoch = 0;
  double last_value = 0;
};

/// The generator for the ask after `trials` trials: each ask has its own stream, so a
/// resumed study continues exactly the trajectory an uninterrupted one would take.
inline std::mt19937_64 ask_rng(uint64_t seed, size_t trials) {
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32), static_cast<uint32_t>(trials)};
  return std::mt19937_64(seq);
}

class Sampler {
 public:
  virtual ~Sampler() = default;
  /// The next point to evaluate, given every trial so far (in trial order).
  Point ask(const SearchSpace& space, const std::vector<Observation>& history) {
    return ask(space, history, history.size());
  }
  /// The same, drawing from random stream `stream` (ask_rng): a parallel search asks again on
  /// another stream when the first answer is a point a worker is still running.
  virtual Point ask(const SearchSpace& space, const std::vector<Observation>& history, size_t stream) = 0;
};

/// Uniform: categories and int steps equally likely, floats uniform, log-floats log-uniform.
class RandomSampler : public Sampler {
 public:
  explicit RandomSampler(uint64_t seed) : m_seed(seed) {}
  using Sampler::ask;
  Point ask(const SearchSpace& space, const std::vector<Observation>& history, size_t stream) override;
  /// One parameter's uniform draw (shared with TPE's start-up phase).
  static double draw(const ParamSpec& p, std::mt19937_64& rng);
  /// A uniform point: every active parameter drawn, parents first (TPE's start-up, NSGA-II's
  /// first generation).
  static Point draw_point(const SearchSpace& space, std::mt19937_64& rng);

 private:
  uint64_t m_seed;
};

/// TPE options; the defaults are hyperopt's (docs/search.md).
struct TpeOptions {
  int startup_trials = 20;
  int ei_candidates = 24;
  double prior_weight = 1.0;
  int linear_forgetting = 25;
  std::string gamma = "hyperopt";  ///< hyperopt: min(ceil(0.25 sqrt N), 25); optuna: min(ceil(0.1 N), 25)
};

std::unique_ptr<Sampler> make_tpe_sampler(uint64_t seed, const TpeOptions& options = {});
/// TPE's global split: the n_below best trials are "good" (complete ones by loss, then pruned
/// ones as Observation says, then failed ones; ties by trial order), with n_below =
/// min(ceil(0.25 sqrt N), 25) (gamma "hyperopt") or min(ceil(0.1 N), 25) ("optuna").
std::vector<bool> tpe_good_trials(const std::vector<Observation>& history, const std::string& gamma);
/// The registered gamma rules (sampler.gamma): N trials -> n_below.
using TpeGamma = size_t (*)(size_t trials);
const config::Registry<TpeGamma>& tpe_gamma_registry();
/// Optuna's multivariate TPE with group decomposition (multivariate_tpe.cpp).
std::unique_ptr<Sampler> make_multivariate_tpe_sampler(uint64_t seed, const TpeOptions& options);

/// The registered samplers (sampler.name of a search config, configs/policies/samplers.def),
/// built from a [sampler] table.
using SamplerFactory = std::function<std::unique_ptr<Sampler>(const config::SamplerConfig&, uint64_t seed)>;
const config::Registry<SamplerFactory>& sampler_registry();
/// The sampler `cfg.name` names, with the options of `cfg`.
std::unique_ptr<Sampler> make_study_sampler(const config::SamplerConfig& cfg, uint64_t seed);

/// The sampler benchmark's named configurations (imcnas bench sampler --sampler NAME): the
/// registered samplers with their defaults, and tpe-optuna-gamma and tpe-multivariate (TPE with
/// Optuna's defaults, univariate and multivariate with group decomposition).
const std::vector<std::pair<std::string, config::SamplerConfig>>& bench_sampler_configs();
/// The benchmark configuration `name`; throws std::invalid_argument listing the names.
std::unique_ptr<Sampler> make_sampler(const std::string& name, uint64_t seed);

}  // namespace imc::nas
