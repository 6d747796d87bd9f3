// SPDX-License-Identifier: MIT
// The search loop with trials evaluated by workers (processes or MPI ranks): points are asked as
// workers free up and recorded as their results come back (docs/search.md, "Parallel search").
#include <algorithm>
#include <deque>

#include "nas/search/search_runner.h"
#include "nas/space/presets.h"

namespace imc::nas {
namespace {

/// Asks for a point no worker is running before taking one anyway (streams: ask index | attempt << 24).
constexpr size_t kAskAttempts = 16;

/// A trial handed to a worker and not back yet.
struct Running {
  size_t index = 0;  ///< its place in the history
  Point point;
  uint64_t seed = 0;
  TrialPoint trial;
  std::string key;
  std::string worker;
  Clock::time_point start;
  double sample_s = 0;
};

}  // namespace

SearchSummary SearchRunner::run(const std::atomic<bool>& stop, const SearchProgressFn& progress,
                                TrialDispatcher& workers) {
  Session s = open_session();
  std::vector<Observation>& history = s.history;
  SearchProgress& p = s.progress;
  const std::unique_ptr<Sampler> sampler = make_study_sampler(m_cfg.sampler, m_cfg.seed);
  RandomSampler fallback(m_cfg.seed);
  std::map<int64_t, Running> running;
  std::deque<int64_t> retry;  // lost before they started: handed out again
  size_t finished = history.size();

  auto report = [&](const TrialRecord& record) {
    p.done = static_cast<int>(finished);
    p.trial = record.number;
    p.stage = "done";
    p.best_fitness = s.best;
    // Trials overlap: the rate is finished trials over wall time, not summed trial times.
    const double wall_s = seconds_since(s.start);
    p.eta_s = s.summary.trials_run ? wall_s / s.summary.trials_run * (m_cfg.trials - p.done) : -1;
    p.finished = &record;
    if (progress) progress(p);
  };

  for (;;) {
    // Hand out points while workers are free: first the retries, then new asks.
    while (!stop) {
      if (retry.empty() && static_cast<int>(history.size()) >= m_cfg.trials) break;
      const std::optional<int> worker = workers.free_worker();
      if (!worker) break;
      if (!retry.empty()) {
        Running& r = running.at(retry.front());
        r.worker = workers.worker_name(*worker);
        workers.submit(*worker, retry.front(), r.trial);
        retry.pop_front();
        continue;
      }
      const auto ask_start = Clock::now();
      // The running trials are in the history with the worst loss: a constant liar. If the
      // answer is still a point a worker runs (TPE's best candidate can stay the same), draw
      // at random on other streams instead, a few times: a small space may have nothing left.
      Running r;
      for (size_t attempt = 0; attempt < kAskAttempts; ++attempt) {
        const size_t stream = history.size() | (attempt << 24);
        r.point = attempt == 0 ? sampler->ask(m_space, history, stream) : fallback.ask(m_space, history, stream);
        r.trial = TrialPoint{r.point, hardware_overrides(m_cfg.space, r.point), fidelity(s), 0, ""};
        r.key = trial_cache_key(architecture(m_cfg.space, r.trial.params), r.trial.hardware_overrides);
        if (!std::any_of(running.begin(), running.end(), [&](const auto& kv) { return kv.second.key == r.key; })) break;
      }
      const Point point = r.point;
      r.index = history.size();
      r.seed = trial_seed(m_cfg.seed, history.size());
      r.trial.seed = r.seed;
      r.worker = workers.worker_name(*worker);
      r.start = ask_start;
      r.sample_s = seconds_since(ask_start);
      Observation pending;
      pending.point = point;
      history.push_back(pending);
      const auto hit = m_cache.find(r.key);
      if (hit != m_cache.end()) {  // seen before: recorded at once, no worker needed
        const int64_t trial = m_db.begin_trial(point, r.seed);
        TrialEvaluation e = from_cache(hit->second, architecture(m_cfg.space, r.trial.params));
        e.stage_seconds["sample"] = r.sample_s;
        e.stage_seconds["total"] = seconds_since(ask_start);
        m_db.finish_trial(trial, e.state, e.metrics, e.fitness, e.stage_seconds, e.error, e.intermediate);
        const TrialRecord record = finish(s, trial, point, r.seed, e, true, r.key, seconds_since(ask_start), "");
        history[r.index] = observations(m_cfg, {record}).front();
        ++finished;
        report(record);
        continue;
      }
      const int64_t trial = m_db.begin_trial(point, r.seed, r.worker);
      r.trial.model_dir = model_dir(trial);
      workers.submit(*worker, trial, r.trial);
      running.emplace(trial, std::move(r));
    }
    if (running.empty() && (stop || static_cast<int>(history.size()) >= m_cfg.trials)) break;
    if (stop) break;  // the running trials are abandoned below; their workers are stopped
    const std::optional<DispatchEvent> ev = workers.next(200);
    if (!ev) continue;
    auto it = running.find(ev->trial);
    if (it == running.end()) continue;
    if (ev->never_ran) {
      retry.push_back(ev->trial);
      continue;
    }
    Running r = std::move(it->second);
    running.erase(it);
    TrialEvaluation e;
    if (ev->result) {
      e = *ev->result;
    } else {
      e.state = TrialState::Failed;
      e.error = "the " + ev->lost + " while it ran this trial";
      e.architecture = architecture(m_cfg.space, r.trial.params);
    }
    e.stage_seconds["sample"] = r.sample_s;
    e.stage_seconds["total"] = seconds_since(r.start);
    m_db.finish_trial(ev->trial, e.state, e.metrics, e.fitness, e.stage_seconds, e.error, e.intermediate);
    const TrialRecord record = finish(s, ev->trial, r.point, r.seed, e, false, r.key, seconds_since(r.start), r.worker);
    keep_best_model(s, record);
    history[r.index] = observations(m_cfg, {record}).front();
    ++finished;
    report(record);
  }
  if (!running.empty()) {
    m_db.abandon_running();
    s.summary.interrupted = true;
  }
  s.summary.interrupted = s.summary.interrupted || (stop && static_cast<int>(finished) < m_cfg.trials);
  s.summary.wall_seconds = seconds_since(s.start);
  return s.summary;
}

}  // namespace imc::nas
