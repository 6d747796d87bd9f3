// SPDX-License-Identifier: MIT
// `imcnas sweep`: every (network, hardware point) of a sweep design, mapped and priced by the
// analytic model or run on the SystemC chip (elaborated once per process; each run takes its
// point's timing, energy and capacities). No training: a what-if study of the hardware.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "configs/hw_config.h"
#include "configs/sweep_config.h"
#include "explore/study/sweep_db.h"
#include "workloads/network.h"

namespace imc::sim {
class Chip;
}

namespace imc::explore {

/// Evaluates the points of one sweep: the base hardware is parsed once, the networks are built
/// once, and the chip (simulate level) is elaborated on the first simulated point, in the process
/// that evaluates it. A point in, metrics out: the result does not depend on what ran before.
class SweepEvaluator {
 public:
  /// Throws ConfigError for an axis key the hardware config does not have, a bad base config or
  /// network, or a grid beyond max_points.
  explicit SweepEvaluator(const config::SweepConfig& cfg);
  virtual ~SweepEvaluator();
  SweepEvaluator(const SweepEvaluator&) = delete;
  SweepEvaluator& operator=(const SweepEvaluator&) = delete;

  /// Networks x design points; index = network * points + point.
  int64_t size() const;
  /// The network and hardware point of an index, without evaluating it.
  SweepResult describe(int64_t index) const;
  /// An invalid combination, a network that does not fit or a failed simulation is an
  /// infeasible result with its reason; any other exception is a software fault and propagates
  /// (run_sweep records it as failed). Virtual so that tests can plant such a fault.
  virtual SweepResult evaluate(int64_t index);

 private:
  config::SweepConfig m_cfg;
  config::HwConfigBase m_hw_base;
  config::SweepDesign m_design;  ///< points decoded one at a time
  std::vector<workloads::Network> m_nets;
  sim::Chip* m_chip = nullptr;  ///< lives to the process end (SystemC elaborates once)
};

/// A point whose evaluation failed (an exception that is not a hardware verdict, or the worker
/// process died): not a property of the point, so it is counted apart from the infeasible ones,
/// the sweep exits non-zero, and a resumed sweep evaluates it again.
bool evaluation_failed(const SweepResult& r);

/// A result as one line of text (for worker processes), and back.
std::string encode_sweep_result(const SweepResult& r);
void decode_sweep_result(const std::string& text, SweepResult& r);

struct SweepRunOptions {
  int jobs = 1;                             ///< worker processes; 1 evaluates in this process
  std::set<int64_t> skip;                   ///< already recorded (a resumed sweep)
  const std::atomic<bool>* stop = nullptr;  ///< set: finish the running points and return
};

/// Evaluates every index of the design not in `skip`; each result goes to `on_result` as it
/// arrives (design order with one job, completion order with several). A point whose evaluation
/// throws, or whose worker dies, is a failed result (evaluation_failed) at any number of jobs.
/// Returns how many were not evaluated because of `stop`.
size_t run_sweep(SweepEvaluator& evaluator, const SweepRunOptions& options,
                 const std::function<void(const SweepResult&)>& on_result);

}  // namespace imc::explore
