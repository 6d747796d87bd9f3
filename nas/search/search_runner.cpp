// SPDX-License-Identifier: MIT
#include "nas/search/search_runner.h"

#include <cmath>

#include "mapping/mapping.h"
#include "nas/samplers/nsga2_sampler.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "nas/stopwatch.h"
#include "systemc_models/chip/chip.h"
#include "workloads/network.h"

namespace imc::nas {
namespace {

/// A trial seen before (same architecture on the same hardware): not evaluated again.
TrialEvaluation from_cache(const TrialRecord& hit, const std::string& architecture) {
  TrialEvaluation e;
  e.state = hit.state;
  e.metrics = hit.metrics;
  e.metrics["cached_from_trial"] = double(hit.number);
  e.fitness = hit.fitness;
  e.error = hit.error;
  e.architecture = architecture;
  return e;
}

}  // namespace

std::unique_ptr<Sampler> make_study_sampler(const config::SamplerConfig& cfg, uint64_t seed) {
  if (cfg.name == "random") return std::make_unique<RandomSampler>(seed);
  if (cfg.name == "nsga2") {
    Nsga2Options o;
    o.population = cfg.population;
    o.mutation_probability = cfg.mutation_probability;
    o.crossover_probability = cfg.crossover_probability;
    return make_nsga2_sampler(seed, o);
  }
  TpeOptions o;
  o.startup_trials = cfg.startup_trials;
  o.ei_candidates = cfg.ei_candidates;
  o.gamma = cfg.gamma;
  return cfg.multivariate ? make_multivariate_tpe_sampler(seed, o) : make_tpe_sampler(seed, o);
}

std::vector<Observation> observations(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials) {
  std::vector<Observation> out;
  for (const TrialRecord& t : trials) {
    if (t.state == TrialState::Abandoned || t.state == TrialState::Running) continue;
    Observation o;
    o.point = t.params;
    if (t.state == TrialState::Complete) {
      o.losses = score(cfg.objective, t.metrics).losses;
      o.loss = o.losses.front();
    }
    out.push_back(std::move(o));
  }
  return out;
}

uint64_t trial_seed(uint64_t study_seed, size_t asked) {
  // splitmix64 of (seed, index): neighbouring trials get unrelated seeds.
  uint64_t z = study_seed * 0x9E3779B97F4A7C15ull + asked + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return (z ^ (z >> 31)) & ((uint64_t(1) << 62) - 1);
}

SearchRunner::SearchRunner(const config::SearchConfig& cfg, StudyDb& db, const TrialEvaluator& evaluator)
    : m_cfg(cfg), m_db(db), m_evaluator(evaluator), m_space(make_space(cfg.space)) {}

SearchSummary SearchRunner::run(const std::atomic<bool>& stop, const SearchProgressFn& progress) {
  const auto start = Clock::now();
  SearchSummary summary;
  m_db.abandon_running();
  const std::vector<TrialRecord> recorded = m_db.trials();
  std::vector<Observation> history = observations(m_cfg, recorded);
  std::optional<double> best;
  for (const TrialRecord& r : recorded) {
    if (r.state == TrialState::Complete || r.state == TrialState::Infeasible) {
      m_cache.emplace(trial_cache_key(architecture(m_cfg.space, r.params), hardware_overrides(m_cfg.space, r.params)),
                      r);
    }
    if (r.fitness && (!best || *r.fitness > *best)) best = r.fitness;
  }
  const std::unique_ptr<Sampler> sampler = make_study_sampler(m_cfg.sampler, m_cfg.seed);

  SearchProgress p;
  p.total = m_cfg.trials;
  p.best_fitness = best;
  double session_trial_seconds = 0;
  while (static_cast<int>(history.size()) < m_cfg.trials && !stop) {
    const auto trial_start = Clock::now();
    p.done = static_cast<int>(history.size());
    p.stage = "sample";
    p.architecture.clear();
    p.finished = nullptr;
    if (progress) progress(p);
    const Point point = sampler->ask(m_space, history);
    const double sample_s = seconds_since(trial_start);
    const uint64_t seed = trial_seed(m_cfg.seed, history.size());
    p.trial = m_db.begin_trial(point, seed);

    const TrialPoint trial{point, hardware_overrides(m_cfg.space, point), m_cfg.train, seed};
    const std::string arch = m_evaluator.architecture_of(trial);
    const std::string key = trial_cache_key(arch, trial.hardware_overrides);
    const auto hit = m_cache.find(key);
    const bool cached = hit != m_cache.end();
    const std::string hardware = hardware_text(trial.hardware_overrides);
    TrialEvaluation e = cached
                            ? from_cache(hit->second, arch)
                            : m_evaluator.evaluate(trial, stop, [&](const std::string& stage, const std::string& arch) {
                                p.stage = stage;
                                if (!arch.empty()) p.architecture = arch + (hardware.empty() ? "" : " @ " + hardware);
                                if (progress) progress(p);
                              });
    e.stage_seconds["sample"] = sample_s;
    e.stage_seconds["total"] = seconds_since(trial_start);
    m_db.finish_trial(p.trial, e.state, e.metrics, e.fitness, e.stage_seconds, e.error);
    const double total_s = seconds_since(trial_start);  // the summary's overhead includes the commit
    if (e.state == TrialState::Abandoned) {
      summary.interrupted = true;
      break;
    }

    ++summary.trials_run;
    summary.complete += e.state == TrialState::Complete;
    summary.infeasible += e.state == TrialState::Infeasible;
    summary.failed += e.state == TrialState::Failed;
    summary.cached += cached;
    summary.rejected_before_training += e.rejected_before_training;
    summary.training_seconds += e.stage_seconds["train"];
    summary.overhead_seconds +=
        total_s - e.stage_seconds["map"] - e.stage_seconds["simulate"] - e.stage_seconds["train"];
    session_trial_seconds += total_s;

    TrialRecord record;
    record.number = p.trial;
    record.state = e.state;
    record.params = point;
    record.metrics = e.metrics;
    record.fitness = e.fitness;
    record.stage_seconds = e.stage_seconds;
    record.seed = seed;
    record.error = e.error;
    if (!cached && (e.state == TrialState::Complete || e.state == TrialState::Infeasible)) m_cache.emplace(key, record);
    history.push_back(observations(m_cfg, {record}).front());
    if (e.fitness && (!best || *e.fitness > *best)) best = e.fitness;

    p.done = static_cast<int>(history.size());
    p.stage = "done";
    p.best_fitness = best;
    p.eta_s = session_trial_seconds / summary.trials_run * (m_cfg.trials - p.done);
    p.finished = &record;
    if (progress) progress(p);
  }
  summary.interrupted = summary.interrupted || (stop && static_cast<int>(history.size()) < m_cfg.trials);
  summary.wall_seconds = seconds_since(start);
  return summary;
}

}  // namespace imc::nas
