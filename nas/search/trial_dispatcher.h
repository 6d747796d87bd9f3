// SPDX-License-Identifier: MIT
// Where a search evaluates its trials: in this process (one at a time), worker processes on
// this machine, or MPI ranks. The one search loop (search_runner.cpp) hands points out as
// workers free up and takes results as they come.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "explore/parallel/worker_pool.h"
#include "nas/search/trial_evaluator.h"

namespace imc::nas {

/// A finished or lost trial.
struct DispatchEvent {
  int64_t trial = 0;
  std::string worker;                     ///< who ran it, e.g. "worker 1" or "rank 3"
  std::optional<TrialEvaluation> result;  ///< none: the worker died; `lost` says how
  std::string lost;
  bool never_ran = false;  ///< lost before it started (hand it out again)
};

class TrialDispatcher {
 public:
  virtual ~TrialDispatcher() = default;
  /// Trials that can run at once.
  virtual int capacity() const = 0;
  /// A worker ready for a trial (a dead one is replaced), or nullopt.
  virtual std::optional<int> free_worker() = 0;
  virtual std::string worker_name(int worker) const = 0;
  virtual void submit(int worker, int64_t trial, const TrialPoint& point) = 0;
  /// Trials handed out and not yet returned by next().
  virtual size_t pending() const = 0;
  /// The next finished or lost trial, waiting at most `timeout_ms`.
  virtual std::optional<DispatchEvent> next(int timeout_ms) = 0;
  /// Whether it reports each trial's stages (build, map, ...) as they start: the loop then
  /// shows a sampling stage too.
  virtual bool reports_stages() const { return false; }
};

/// Trials evaluated here, one at a time, when next() is called; a stop during a trial ends
/// it as Abandoned. Stages go to `stage` as they start.
class InProcessDispatcher : public TrialDispatcher {
 public:
  InProcessDispatcher(const TrialEvaluator& evaluator, const std::atomic<bool>& stop, StageFn stage);
  int capacity() const override { return 1; }
  std::optional<int> free_worker() override;
  std::string worker_name(int) const override { return ""; }  // as a study records one process
  void submit(int worker, int64_t trial, const TrialPoint& point) override;
  size_t pending() const override { return m_trial ? 1 : 0; }
  std::optional<DispatchEvent> next(int timeout_ms) override;
  bool reports_stages() const override { return true; }
  /// The trial submitted and not yet evaluated, or nullptr.
  const TrialPoint* running() const { return m_trial ? &m_point : nullptr; }

 private:
  const TrialEvaluator& m_evaluator;
  const std::atomic<bool>& m_stop;
  StageFn m_stage;
  std::optional<int64_t> m_trial;
  TrialPoint m_point;
};

/// A worker's evaluation of one point; made once per worker, inside it (so its chip and its
/// LibTorch threads belong to that worker).
using EvaluateFn = std::function<TrialEvaluation(const TrialPoint&)>;
using EvaluateFactory = std::function<EvaluateFn()>;

/// `workers` forked processes on this machine (docs/search.md, "Parallel search").
class ProcessDispatcher : public TrialDispatcher {
 public:
  ProcessDispatcher(int workers, EvaluateFactory factory);
  int capacity() const override { return m_pool.size(); }
  std::optional<int> free_worker() override { return m_pool.free_worker(); }
  std::string worker_name(int worker) const override { return "worker " + std::to_string(worker); }
  void submit(int worker, int64_t trial, const TrialPoint& point) override;
  size_t pending() const override { return m_pool.pending(); }
  std::optional<DispatchEvent> next(int timeout_ms) override;

 private:
  explore::WorkerPool m_pool;
};

}  // namespace imc::nas
