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

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

}  // namespace

struct SearchRunner::Evaluation {
  TrialState state = TrialState::Complete;
  Metrics metrics;
  std::optional<double> fitness;
  std::map<std::string, double> stage_seconds;
  std::string error;
  std::string architecture;
  bool cached = false;
  bool rejected_before_training = false;
};

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

SearchRunner::SearchRunner(const config::SearchConfig& cfg, StudyDb& db, HardwareModel& hardware, TrainFn train,
                           workloads::Shape input, int classes)
    : m_cfg(cfg),
      m_db(db),
      m_hardware(hardware),
      m_train(std::move(train)),
      m_input(input),
      m_classes(classes),
      m_space(make_space(cfg.space)) {}

SearchRunner::Evaluation SearchRunner::evaluate(
    const Point& point, uint64_t seed, const std::atomic<bool>& stop,
    const std::function<void(const std::string&, const std::string&)>& stage) {
  Evaluation e;
  // Build and validate: a feature map that collapses below 1x1 is infeasible, not an error.
  auto t = Clock::now();
  stage("build", "");
  Candidate candidate = decode(m_cfg.space, point, m_input, m_classes);
  e.architecture = candidate.architecture;
  std::optional<workloads::Network> net;
  try {
    net.emplace(workloads::Network::build(candidate.spec));
  } catch (const workloads::NetworkError& err) {
    e.state = TrialState::Infeasible;
    e.error = std::string("invalid network: ") + err.what();
  }
  e.stage_seconds["build"] = seconds_since(t);
  if (!net) return e;

  if (auto hit = m_cache.find(e.architecture); hit != m_cache.end()) {  // seen before: not retrained
    e.state = hit->second.state;
    e.metrics = hit->second.metrics;
    e.metrics["cached_from_trial"] = double(hit->second.number);
    e.fitness = hit->second.fitness;
    e.error = hit->second.error;
    e.cached = true;
    return e;
  }

  // Map and simulate on the chip elaborated once.
  stage("map", e.architecture);
  HardwareTimes times;
  try {
    e.metrics = m_hardware.evaluate(*net, times);
  } catch (const mapping::MappingError& err) {
    e.state = TrialState::Infeasible;
    e.error = std::string("does not fit the chip: ") + err.what();
  } catch (const sim::SimulationError& err) {
    e.state = TrialState::Failed;
    e.error = std::string("simulation failed: ") + err.what();
  }
  e.stage_seconds["map"] = times.map_s;
  e.stage_seconds["simulate"] = times.simulate_s;
  if (!e.error.empty()) return e;

  // Hardware constraints are checked before training: a violation costs no training time.
  if (auto v = violations(e.metrics, constraints(m_cfg, true)); !v.empty()) {
    e.state = TrialState::Infeasible;
    e.error = "violates " + join(v) + " (not trained)";
    e.rejected_before_training = true;
    return e;
  }

  stage("train", e.architecture);
  t = Clock::now();
  const TrainOutcome trained = m_train(*net, seed);
  e.stage_seconds["train"] = seconds_since(t);
  if (trained.status == TrainOutcome::Status::Interrupted || stop) {
    e.state = TrialState::Abandoned;
    e.error = "interrupted";
    return e;
  }
  if (trained.status == TrainOutcome::Status::Failed) {
    e.state = TrialState::Failed;
    e.error = "training failed: " + trained.reason;
    return e;
  }
  for (const auto& [k, v] : trained.metrics) e.metrics[k] = v;
  try {
    select_accuracy(m_cfg.objective, e.metrics);
    if (auto v = violations(e.metrics, constraints(m_cfg, false)); !v.empty()) {
      e.state = TrialState::Infeasible;
      e.error = "violates " + join(v);
      return e;
    }
    e.fitness = score(m_cfg.objective, e.metrics).fitness;
  } catch (const std::invalid_argument& err) {
    e.state = TrialState::Failed;
    e.error = err.what();
  }
  return e;
}

SearchSummary SearchRunner::run(const std::atomic<bool>& stop, const SearchProgressFn& progress) {
  const auto start = Clock::now();
  SearchSummary summary;
  m_db.abandon_running();
  const std::vector<TrialRecord> recorded = m_db.trials();
  std::vector<Observation> history = observations(m_cfg, recorded);
  std::optional<double> best;
  for (const TrialRecord& r : recorded) {
    if (r.state == TrialState::Complete || r.state == TrialState::Infeasible) {
      m_cache.emplace(architecture(m_cfg.space, r.params), r);
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

    Evaluation e = evaluate(point, seed, stop, [&](const std::string& stage, const std::string& arch) {
      p.stage = stage;
      if (!arch.empty()) p.architecture = arch;
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
    summary.cached += e.cached;
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
    if (!e.cached && (e.state == TrialState::Complete || e.state == TrialState::Infeasible))
      m_cache.emplace(e.architecture, record);
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
