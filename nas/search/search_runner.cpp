// SPDX-License-Identifier: MIT
#include "nas/search/search_runner.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>

#include "mapping/mapping.h"
#include "nas/search/pruner.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "nas/stopwatch.h"
#include "nas/study/records.h"
#include "systemc_models/chip/chip.h"
#include "workloads/network.h"

namespace imc::nas {
namespace {

/// Asks for a point no worker is running before taking one anyway (streams: ask index | attempt << 24).
constexpr size_t kAskAttempts = 16;

}  // namespace

/// A trial seen before (same architecture on the same hardware): not evaluated again.
TrialEvaluation from_cache(const TrialRecord& hit, const std::string& architecture) {
  TrialEvaluation e;
  e.state = hit.state;
  e.metrics = hit.metrics;
  e.cached_from = hit.number;
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
    if (t.state == TrialState::Complete) {
      o.losses = score(cfg.objective, t.metrics).losses;
      o.loss = o.losses.front();
    } else if (t.state == TrialState::Pruned && !t.intermediate.empty()) {  // ranked after every complete trial
      o.pruned = true;
      o.last_epoch = t.intermediate.rbegin()->first;
      o.last_value = t.intermediate.rbegin()->second;
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
    if (!r.intermediate.empty()) s.curves.push_back({r.intermediate, r.state == TrialState::Complete});
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
                                 const std::string& key, const std::string& worker) {
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
  record.cached_from = e.cached_from;
  record.rejected_before_training = e.rejected_before_training;
  m_db.finish_trial(record);
  if (e.state == TrialState::Abandoned) return record;  // stopped: neither a result nor an observation

  s.records.push_back(record);
  if (!e.intermediate.empty()) s.curves.push_back({e.intermediate, e.state == TrialState::Complete});
  if (!e.cached_from && (e.state == TrialState::Complete || e.state == TrialState::Infeasible))
    m_cache.emplace(key, record);
  if (e.state == TrialState::Complete && e.fitness && (!s.best || *e.fitness > *s.best)) s.best = e.fitness;
  keep_best_model(s, record);
  return record;
}

config::TrainBudget SearchRunner::fidelity(const Session& s) const {
  config::TrainBudget b = m_cfg.train;
  b.prune_below = prune_bars(m_cfg.pruner, b.epochs, s.curves);
  b.prune_on_best_so_far = prunes_on_best_so_far(m_cfg.pruner);
  return b;
}

SearchSummary SearchRunner::run(const std::atomic<bool>& stop, const SearchProgressFn& progress,
                                const TrialEvaluator& evaluator) {
  Session s = open_session();
  SearchProgress& p = s.progress;
  std::unique_ptr<InProcessDispatcher> here;
  here = std::make_unique<InProcessDispatcher>(evaluator, stop, [&](const std::string& stage, const std::string& arch) {
    p.stage = stage;
    if (!arch.empty()) {
      const std::string hardware = here->running() ? hardware_text(here->running()->hardware_overrides) : "";
      p.architecture = arch + (hardware.empty() ? "" : " @ " + hardware);
    }
    if (progress) progress(p);
  });
  return loop(s, stop, progress, *here);
}

SearchSummary SearchRunner::run(const std::atomic<bool>& stop, const SearchProgressFn& progress,
                                TrialDispatcher& workers) {
  Session s = open_session();
  return loop(s, stop, progress, workers);
}

/// A trial handed to a worker and not back yet.
struct SearchRunner::Running {
  size_t index = 0;  ///< its place in the history
  Point point;
  uint64_t seed = 0;
  TrialPoint trial;
  std::string key;
  std::string worker;
  Clock::time_point start;
  double sample_s = 0;
};

/// One run of the loop: the sampler, the trials out with workers, and how the run ends.
struct SearchRunner::Loop {
  Session& s;
  const std::atomic<bool>& stop;
  const SearchProgressFn& progress;
  TrialDispatcher& workers;
  std::unique_ptr<Sampler> sampler;
  RandomSampler fallback;
  std::map<int64_t, Running> running;
  std::deque<int64_t> retry;  ///< lost before they started: handed out again
  size_t finished = 0;
  bool stopped_inside = false;  ///< a trial evaluated here saw the stop and was abandoned

  bool wants_more() const { return static_cast<int>(s.history.size()) < s.progress.total; }
  void show() const {
    if (progress) progress(s.progress);
  }
};

SearchSummary SearchRunner::loop(Session& s, const std::atomic<bool>& stop, const SearchProgressFn& progress,
                                 TrialDispatcher& workers) {
  Loop l{s,  stop, progress,        workers, make_study_sampler(m_cfg.sampler, m_cfg.seed), RandomSampler(m_cfg.seed),
         {}, {},   s.history.size()};
  for (;;) {
    hand_out(l);
    if (l.running.empty() && (stop || !l.wants_more())) break;
    if (stop) break;  // the running trials are abandoned below; their workers are stopped
    if (const std::optional<DispatchEvent> ev = workers.next(200)) {
      take(l, *ev);
      if (l.stopped_inside) break;
    }
  }
  if (!l.running.empty()) m_db.abandon_running();
  return summarize(l);
}

void SearchRunner::hand_out(Loop& l) {
  while (!l.stop) {
    if (l.retry.empty() && !l.wants_more()) return;
    const std::optional<int> worker = l.workers.free_worker();
    if (!worker) return;
    if (!l.retry.empty()) {
      Running& r = l.running.at(l.retry.front());
      r.worker = l.workers.worker_name(*worker);
      l.workers.submit(*worker, l.retry.front(), r.trial);
      l.retry.pop_front();
      continue;
    }
    Running r = ask(l);
    r.worker = l.workers.worker_name(*worker);
    const auto hit = m_cache.find(r.key);
    if (hit != m_cache.end()) {  // seen before: recorded at once, no worker needed
      const int64_t trial = m_db.begin_trial(r.point, r.seed);
      TrialEvaluation e = from_cache(hit->second, architecture(m_cfg.space, r.trial.params));
      e.stage_seconds["sample"] = r.sample_s;
      e.stage_seconds["total"] = seconds_since(r.start);
      report(l, finish(l.s, trial, r.point, r.seed, e, r.key, ""), r.index);
      continue;
    }
    const int64_t trial = m_db.begin_trial(r.point, r.seed, r.worker);
    r.trial.model_dir = model_dir(trial);
    l.s.progress.trial = trial;
    l.workers.submit(*worker, trial, r.trial);
    l.running.emplace(trial, std::move(r));
  }
}

SearchRunner::Running SearchRunner::ask(Loop& l) {
  std::vector<Observation>& history = l.s.history;
  Running r;
  r.start = Clock::now();
  if (l.workers.reports_stages()) {
    SearchProgress& p = l.s.progress;
    p.done = static_cast<int>(l.finished);
    p.stage = "sample";
    p.architecture.clear();
    p.finished = nullptr;
    l.show();
  }
  // The running trials are in the history with the worst loss: a constant liar. If the
  // answer is still a point a worker runs (TPE's best candidate can stay the same), draw
  // at random on other streams instead, a few times: a small space may have nothing left.
  for (size_t attempt = 0; attempt < kAskAttempts; ++attempt) {
    const size_t stream = history.size() | (attempt << 24);
    r.point = attempt == 0 ? l.sampler->ask(m_space, history, stream) : l.fallback.ask(m_space, history, stream);
    r.trial = TrialPoint{r.point, hardware_overrides(m_cfg.space, r.point), fidelity(l.s), 0, ""};
    r.key = trial_cache_key(architecture(m_cfg.space, r.trial.params), r.trial.hardware_overrides);
    if (!std::any_of(l.running.begin(), l.running.end(), [&](const auto& kv) { return kv.second.key == r.key; })) break;
  }
  r.index = history.size();
  r.seed = trial_seed(m_cfg.seed, history.size());
  r.trial.seed = r.seed;
  r.sample_s = seconds_since(r.start);
  Observation pending;
  pending.point = r.point;
  history.push_back(pending);
  return r;
}

void SearchRunner::take(Loop& l, const DispatchEvent& ev) {
  auto it = l.running.find(ev.trial);
  if (it == l.running.end()) return;
  if (ev.never_ran) {
    l.retry.push_back(ev.trial);
    return;
  }
  Running r = std::move(it->second);
  l.running.erase(it);
  TrialEvaluation e;
  if (ev.result) {
    e = *ev.result;
  } else {
    e.state = TrialState::Failed;
    e.error = "the " + ev.lost + " while it ran this trial";
    e.architecture = architecture(m_cfg.space, r.trial.params);
  }
  e.stage_seconds["sample"] = r.sample_s;
  e.stage_seconds["total"] = seconds_since(r.start);
  const TrialRecord record = finish(l.s, ev.trial, r.point, r.seed, e, r.key, r.worker);
  if (record.state == TrialState::Abandoned) {
    l.stopped_inside = true;
    return;
  }
  report(l, record, r.index);
}

void SearchRunner::report(Loop& l, const TrialRecord& record, size_t index) const {
  Session& s = l.s;
  s.history[index] = observations(m_cfg, {record}).front();
  ++l.finished;
  SearchProgress& p = s.progress;
  p.done = static_cast<int>(l.finished);
  p.trial = record.number;
  p.stage = "done";
  p.best_fitness = s.best;
  // Trials may overlap: the rate is finished trials over wall time, not summed trial times.
  const double wall_s = seconds_since(s.start);
  p.eta_s = s.records.empty() ? -1 : wall_s / double(s.records.size()) * (m_cfg.trials - p.done);
  p.finished = &record;
  l.show();
}

SearchSummary SearchRunner::summarize(const Loop& l) const {
  SearchSummary summary = l.s.summary;
  summary.session = study_stats(l.s.records);
  summary.trials_run = static_cast<int>(l.s.records.size());
  summary.overhead_seconds = summary.session.overhead_s;
  summary.interrupted =
      l.stopped_inside || !l.running.empty() || (l.stop && static_cast<int>(l.finished) < m_cfg.trials);
  summary.wall_seconds = seconds_since(l.s.start);
  return summary;
}

}  // namespace imc::nas
