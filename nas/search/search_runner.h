// SPDX-License-Identifier: MIT
// The search loop: ask the sampler, hand the point to a dispatcher (this process, worker
// processes or MPI ranks), record the trial, tell the sampler. One loop for every dispatcher;
// the loop owns the order and the study, the evaluation has no state.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "configs/search_config.h"
#include "nas/samplers/sampler.h"
#include "nas/search/pruner.h"
#include "nas/search/trial_dispatcher.h"
#include "nas/search/trial_evaluator.h"
#include "nas/stopwatch.h"
#include "nas/study/records.h"
#include "workloads/shape.h"

namespace imc::nas {

/// Where the search is, for a progress display.
struct SearchProgress {
  int done = 0;   ///< trials finished, this session and before
  int total = 0;  ///< trials the study asks for
  int64_t trial = 0;
  std::string stage;  ///< sample, build, map, simulate, train, done
  std::string architecture;
  std::optional<double> best_fitness;
  double eta_s = -1;                      ///< -1: not known yet
  const TrialRecord* finished = nullptr;  ///< set when stage is "done"
};
using SearchProgressFn = std::function<void(const SearchProgress&)>;

struct SearchSummary {
  int trials_run = 0;  ///< this session
  StudyStats session;  ///< this session's trials counted (trial_stats.h)
  double wall_seconds = 0;
  double overhead_seconds = 0;  ///< of the session's trials: outside mapping, simulation and training
  bool interrupted = false;
};

/// Sampler observations of the recorded trials, in trial order; abandoned trials are left
/// out, so a resumed study asks again exactly what the interrupted trial was asked.
std::vector<Observation> observations(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials);

/// A finished trial seen before, recorded again without evaluating it.
TrialEvaluation from_cache(const TrialRecord& hit, const std::string& architecture);

/// The training seed of the trial asked after `asked` trials.
uint64_t trial_seed(uint64_t study_seed, size_t asked);

class SearchRunner {
 public:
  SearchRunner(const config::SearchConfig& cfg, StudyDb& db);

  /// Runs trials in this process until the study has cfg.trials of them or `stop` becomes
  /// true; the trial running then is recorded as abandoned.
  SearchSummary run(const std::atomic<bool>& stop, const SearchProgressFn& progress, const TrialEvaluator& evaluator);
  /// The same with trials evaluated by `workers`, as many at once as they take: each ask sees
  /// the running trials as the worst outcome (a constant liar), so two workers do not get the
  /// same point. Which trials run depends on the order results come back (docs/search.md).
  SearchSummary run(const std::atomic<bool>& stop, const SearchProgressFn& progress, TrialDispatcher& workers);

  /// Trials save their trained models under `dir`/trial-N; only the best trial's is kept
  /// (best.md names it). Call before run().
  void save_best_model_in(const std::string& dir) { m_models_dir = dir; }

 private:
  struct Session {
    Clock::time_point start;
    std::vector<Observation> history;  ///< every trial asked, in trial order
    std::optional<double> best;
    SearchSummary summary;
    SearchProgress progress;
    std::vector<TrialRecord> records;    ///< this session's finished trials
    std::vector<EarlierTrial> curves;    ///< learning curves of the trials so far (the pruner's input)
    std::optional<int64_t> model_trial;  ///< the trial whose saved model is kept
    std::optional<double> model_fitness;
  };
  /// The training budget of the next trial: the study's, with the pruner's bars.
  config::TrainBudget fidelity(const Session& s) const;
  Session open_session();
  struct Running;
  struct Loop;
  /// The loop itself, for every dispatcher: hand points out, take results back, until the
  /// study has its trials or `stop`.
  SearchSummary loop(Session& s, const std::atomic<bool>& stop, const SearchProgressFn& progress,
                     TrialDispatcher& workers);
  /// Hands points to free workers: first the ones lost before they started, then new asks (a
  /// point seen before is recorded at once).
  void hand_out(Loop& l);
  /// The next point, one no worker runs if the sampler can find one.
  Running ask(Loop& l);
  /// A worker's result (or its loss) recorded.
  void take(Loop& l, const DispatchEvent& ev);
  /// A finished trial told to the sampler's history and the progress display.
  void report(Loop& l, const TrialRecord& record, size_t index) const;
  SearchSummary summarize(const Loop& l) const;
  /// Records how a trial ended (in the study and, unless it was abandoned, in the session: its
  /// result cache, best fitness, learning curves and kept model) and returns its record.
  TrialRecord finish(Session& s, int64_t trial, const Point& point, uint64_t seed, const TrialEvaluation& e,
                     const std::string& key, const std::string& worker);

  /// runs/NAME/models/trial-N, or "" when models are not saved.
  std::string model_dir(int64_t trial) const;
  /// Keeps a finished trial's saved model if it is the best so far, and removes the one it beats.
  void keep_best_model(Session& s, const TrialRecord& record) const;
  /// At the start of a session: removes the models of this study's trials other than the best
  /// (left by a stopped run), and refuses a models/trial-N this study did not write.
  void tidy_models(const Session& s, int64_t recorded) const;

  const config::SearchConfig& m_cfg;
  StudyDb& m_db;
  std::string m_models_dir;
  SearchSpace m_space;
  std::map<std::string, TrialRecord> m_cache;  ///< trial_cache_key -> a finished trial of it
};

}  // namespace imc::nas
