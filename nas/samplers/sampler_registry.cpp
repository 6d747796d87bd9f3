// SPDX-License-Identifier: MIT
// The registered samplers, each built from the options of a [sampler] table, and the sampler
// benchmark's named configurations.
#include <stdexcept>

#include "configs/policy_names.h"
#include "nas/samplers/sampler.h"

namespace imc::nas {

namespace samplers {
#define IMC_SAMPLER(name) std::unique_ptr<Sampler> make_##name(const config::SamplerConfig& cfg, uint64_t seed);
#include "configs/policies/samplers.def"
#undef IMC_SAMPLER
}  // namespace samplers

const config::Registry<SamplerFactory>& sampler_registry() {
  static const config::Registry<SamplerFactory> registry = [] {
    config::Registry<SamplerFactory> r("sampler");
#define IMC_SAMPLER(name) r.add(#name, samplers::make_##name);
#include "configs/policies/samplers.def"
#undef IMC_SAMPLER
    r.require_names(config::sampler_names());
    return r;
  }();
  return registry;
}

std::unique_ptr<Sampler> make_study_sampler(const config::SamplerConfig& cfg, uint64_t seed) {
  return sampler_registry().at(cfg.name)(cfg, seed);
}

const std::vector<std::pair<std::string, config::SamplerConfig>>& bench_sampler_configs() {
  static const std::vector<std::pair<std::string, config::SamplerConfig>> configs = [] {
    std::vector<std::pair<std::string, config::SamplerConfig>> out;
    for (const std::string& name : sampler_registry().names()) {  // hyperopt's TPE defaults
      config::SamplerConfig c;
      c.name = name;
      out.emplace_back(name, c);
    }
    config::SamplerConfig optuna;  // Optuna's TPESampler defaults
    optuna.name = "tpe";
    optuna.gamma = "optuna";
    optuna.startup_trials = 10;
    out.emplace_back("tpe-optuna-gamma", optuna);
    optuna.multivariate = true;  // TPESampler(multivariate=True, group=True)
    out.emplace_back("tpe-multivariate", optuna);
    return out;
  }();
  return configs;
}

std::unique_ptr<Sampler> make_sampler(const std::string& name, uint64_t seed) {
  std::vector<std::string> known;
  for (const auto& [n, cfg] : bench_sampler_configs()) {
    if (n == name) return make_study_sampler(cfg, seed);
    known.push_back(n);
  }
  throw std::invalid_argument("unknown sampler '" + name + "', expected one of: " + config::joined_names(known));
}

}  // namespace imc::nas
