// SPDX-License-Identifier: MIT
#include "nas/search/trial_dispatcher.h"

#include "nas/search/trial_codec.h"

namespace imc::nas {
namespace {

/// The work of one worker process: its evaluator is made on its first trial.
explore::WorkFn worker_work(EvaluateFactory factory) {
  auto evaluate = std::make_shared<EvaluateFn>();
  return [factory = std::move(factory), evaluate](int64_t, const std::string& payload) {
    if (!*evaluate) *evaluate = factory();
    return encode_trial_evaluation((*evaluate)(decode_trial_point(payload)));
  };
}

}  // namespace

InProcessDispatcher::InProcessDispatcher(const TrialEvaluator& evaluator, const std::atomic<bool>& stop, StageFn stage)
    : m_evaluator(evaluator), m_stop(stop), m_stage(std::move(stage)) {}

std::optional<int> InProcessDispatcher::free_worker() {
  if (m_trial) return std::nullopt;
  return 0;
}

void InProcessDispatcher::submit(int, int64_t trial, const TrialPoint& point) {
  m_trial = trial;
  m_point = point;
}

std::optional<DispatchEvent> InProcessDispatcher::next(int) {
  if (!m_trial) return std::nullopt;
  DispatchEvent d;
  d.trial = *m_trial;
  d.result = m_evaluator.evaluate(m_point, m_stop, m_stage);
  m_trial.reset();
  return d;
}

ProcessDispatcher::ProcessDispatcher(int workers, EvaluateFactory factory)
    : m_pool(workers, worker_work(std::move(factory))) {}

void ProcessDispatcher::submit(int worker, int64_t trial, const TrialPoint& point) {
  m_pool.submit(worker, trial, encode_trial_point(point));
}

std::optional<DispatchEvent> ProcessDispatcher::next(int timeout_ms) {
  const std::optional<explore::WorkerEvent> e = m_pool.next(timeout_ms);
  if (!e) return std::nullopt;
  DispatchEvent d;
  d.trial = e->task;
  d.worker = worker_name(e->worker);
  if (e->done)
    d.result = decode_trial_evaluation(e->text);
  else
    d.lost = e->text;
  d.never_ran = !e->done && !e->started;
  return d;
}

}  // namespace imc::nas
