// SPDX-License-Identifier: MIT
#include "nas/search/search_runner.h"

#include <cmath>
#include <filesystem>

#include "mapping/mapping.h"
#include "nas/report/study_report.h"
#include "nas/search/pruner.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "nas/stopwatch.h"
#include "systemc_models/chip/chip.h"
#include "workloads/network.h"

namespace imc::nas {
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

std::vector<Observation> observations(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials) {
  std::vector<Observation> out;
  for (const TrialRecord& t : trials) {
    if (t.state == TrialState::Abandoned || t.state == TrialState::Running) continue;
    Observation o;
    o.point = t.params;
    if (t.state == TrialState::Complete || t.state == TrialState::Pruned) {  // pruned: on what it reached
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

SearchRunner::SearchRunner(const config::SearchConfig& cfg, StudyDb& db)
    : m_cfg(cfg), m_db(db), m_space(make_space(cfg.space)) {}

SearchRunner::Session SearchRunner::open_session() {
  Session s;
  s.start = Clock::now();
  m_db.abandon_running();
  const std::vector<TrialRecord> recorded = m_db.trials();
  s.history = observations(m_cfg, recorded);
  for (const TrialRecord& r : recorded) {
    if (r.state == TrialState::Complete || r.state == TrialState::Infeasible) {
      m_cache.emplace(trial_cache_key(architecture(m_cfg.space, r.params), hardware_overrides(m_cfg.space, r.params)),
                      r);
    }
    if (r.state == TrialState::Complete && r.fitness && (!s.best || *r.fitness > *s.best)) s.best = r.fitness;
    if (!r.intermediate.empty()) s.curves.push_back(r.intermediate);
  }
  s.progress.total = m_cfg.trials;
  s.progress.best_fitness = s.best;
  if (const std::optional<size_t> best = best_trial(recorded)) {
    s.model_trial = recorded[*best].number;
    s.model_fitness = recorded[*best].fitness;
  }
  tidy_models(s, static_cast<int64_t>(recorded.size()));
  return s;
}

void SearchRunner::tidy_models(const Session& s, int64_t recorded) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (m_models_dir.empty() || !fs::exists(fs::symlink_status(m_models_dir, ec))) return;
  if (!fs::is_directory(fs::symlink_status(m_models_dir, ec)))
    throw StudyError(m_models_dir + " is not a directory of this study (a link or a file): remove it and run again");
  for (const fs::directory_entry& e : fs::directory_iterator(m_models_dir, ec)) {
    const std::string name = e.path().filename().string();
    int64_t n = -1;
    if (name.rfind("trial-", 0) == 0 && name.size() > 6 && name.find_first_not_of("0123456789", 6) == std::string::npos)
      n = std::stoll(name.substr(6));
    if (n < 0) continue;  // not a name this study writes: not ours to touch
    if (n >= recorded)    // a trial this study has not run: its model would be written over it
      throw StudyError(e.path().string() + " was not written by this study (it has " + std::to_string(recorded) +
                       " trials); move it out of the run directory and run again");
    // A model of a trial that is not the best: left by a run that was stopped (SIGTERM, kill -9)
    // between writing it and keeping only the best.
    if (!s.model_trial || n != *s.model_trial) fs::remove_all(e.path(), ec);
  }
}

std::string SearchRunner::model_dir(int64_t trial) const {
  if (m_models_dir.empty()) return "";
  return (std::filesystem::path(m_models_dir) / ("trial-" + std::to_string(trial))).string();
}

void SearchRunner::keep_best_model(Session& s, const TrialRecord& record) const {
  if (m_models_dir.empty()) return;
  std::error_code ignored;  // a model that was never written (pruned, failed) is nothing to remove
  const bool better = record.state == TrialState::Complete && record.fitness &&
                      (!s.model_fitness || *record.fitness > *s.model_fitness);  // ties: the first, as best.md
  if (!better) {
    if (s.model_trial != record.number) std::filesystem::remove_all(model_dir(record.number), ignored);
    return;
  }
  if (s.model_trial) std::filesystem::remove_all(model_dir(*s.model_trial), ignored);
  s.model_trial = record.number;
  s.model_fitness = record.fitness;
}

TrialRecord SearchRunner::finish(Session& s, int64_t trial, const Point& point, uint64_t seed, const TrialEvaluation& e,
                                 bool cached, const std::string& key, double total_s, const std::string& worker) {
  ++s.summary.trials_run;
  s.summary.complete += e.state == TrialState::Complete;
  s.summary.infeasible += e.state == TrialState::Infeasible;
  s.summary.failed += e.state == TrialState::Failed;
  s.summary.pruned += e.state == TrialState::Pruned;
  s.summary.cached += cached;
  s.summary.rejected_before_training += e.rejected_before_training;
  s.summary.training_seconds += e.stage_seconds.count("train") ? e.stage_seconds.at("train") : 0.0;
  auto stage = [&](const char* name) { return e.stage_seconds.count(name) ? e.stage_seconds.at(name) : 0.0; };
  s.summary.overhead_seconds += total_s - stage("map") - stage("simulate") - stage("train");
  s.trial_seconds += total_s;

  TrialRecord record;
  record.number = trial;
  record.state = e.state;
  record.params = point;
  record.metrics = e.metrics;
  record.fitness = e.fitness;
  record.stage_seconds = e.stage_seconds;
  record.seed = seed;
  record.error = e.error;
  record.worker = worker;
  record.intermediate = e.intermediate;
  if (!e.intermediate.empty()) s.curves.push_back(e.intermediate);
  if (!cached && (e.state == TrialState::Complete || e.state == TrialState::Infeasible)) m_cache.emplace(key, record);
  if (e.state == TrialState::Complete && e.fitness && (!s.best || *e.fitness > *s.best)) s.best = e.fitness;
  return record;
}

config::TrainBudget SearchRunner::fidelity(const Session& s) const {
  config::TrainBudget b = m_cfg.train;
  b.prune_below = prune_bars(m_cfg.pruner, b.epochs, s.curves);
  return b;
}

SearchSummary SearchRunner::run(const std::atomic<bool>& stop, const SearchProgressFn& progress,
                                const TrialEvaluator& evaluator) {
  Session s = open_session();
  std::vector<Observation>& history = s.history;
  SearchProgress& p = s.progress;
  const std::unique_ptr<Sampler> sampler = make_study_sampler(m_cfg.sampler, m_cfg.seed);
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

    const TrialPoint trial{point, hardware_overrides(m_cfg.space, point), fidelity(s), seed, model_dir(p.trial)};
    const std::string arch = architecture(m_cfg.space, trial.params);
    const std::string key = trial_cache_key(arch, trial.hardware_overrides);
    const auto hit = m_cache.find(key);
    const bool cached = hit != m_cache.end();
    const std::string hardware = hardware_text(trial.hardware_overrides);
    TrialEvaluation e = cached
                            ? from_cache(hit->second, arch)
                            : evaluator.evaluate(trial, stop, [&](const std::string& stage, const std::string& arch) {
                                p.stage = stage;
                                if (!arch.empty()) p.architecture = arch + (hardware.empty() ? "" : " @ " + hardware);
                                if (progress) progress(p);
                              });
    e.stage_seconds["sample"] = sample_s;
    e.stage_seconds["total"] = seconds_since(trial_start);
    m_db.finish_trial(p.trial, e.state, e.metrics, e.fitness, e.stage_seconds, e.error, e.intermediate);
    const double total_s = seconds_since(trial_start);  // the summary's overhead includes the commit
    if (e.state == TrialState::Abandoned) {
      s.summary.interrupted = true;
      break;
    }
    const TrialRecord record = finish(s, p.trial, point, seed, e, cached, key, total_s, "");
    keep_best_model(s, record);
    history.push_back(observations(m_cfg, {record}).front());

    p.done = static_cast<int>(history.size());
    p.stage = "done";
    p.best_fitness = s.best;
    p.eta_s = s.trial_seconds / s.summary.trials_run * (m_cfg.trials - p.done);
    p.finished = &record;
    if (progress) progress(p);
  }
  s.summary.interrupted = s.summary.interrupted || (stop && static_cast<int>(history.size()) < m_cfg.trials);
  s.summary.wall_seconds = seconds_since(s.start);
  return s.summary;
}

}  // namespace imc::nas
