// SPDX-License-Identifier: MIT
// A search over MPI ranks (docs/search.md, "MPI"): rank 0 owns the sampler and the study and
// hands trials to the other ranks, which evaluate them and send back the results. Started by
// `mpirun -n N imcnas search CONFIG` or Slurm's `srun`; nothing here starts processes.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "nas/search/trial_dispatcher.h"

namespace imc::nas {

/// MPI_Init on construction, MPI_Finalize on destruction (rank 0 tells the others to stop first).
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return m_rank; }
  int size() const { return m_size; }
  /// Ends every rank at once with `code` (an error that leaves the job unusable).
  [[noreturn]] void abort(int code) const;
  /// Rank 0: tells every evaluator rank there are no more trials (once).
  void stop_ranks();

 private:
  int m_rank = 0, m_size = 1;
  bool m_stopped = false;
};

/// True when this process was started by mpirun or srun.
bool launched_by_mpi();

/// Rank 0's view of the evaluator ranks 1 .. size - 1.
class MpiDispatcher : public TrialDispatcher {
 public:
  explicit MpiDispatcher(MpiSession& mpi) : m_mpi(mpi), m_size(mpi.size()) {}
  ~MpiDispatcher() override { m_mpi.stop_ranks(); }
  int capacity() const override { return m_size - 1; }
  std::optional<int> free_worker() override;
  std::string worker_name(int worker) const override { return "rank " + std::to_string(worker); }
  void submit(int worker, int64_t trial, const TrialPoint& point) override;
  size_t pending() const override { return m_busy.size(); }
  std::optional<DispatchEvent> next(int timeout_ms) override;

 private:
  MpiSession& m_mpi;
  int m_size;
  std::set<int> m_busy;  ///< ranks with a trial
};

/// An evaluator rank: takes trials from rank 0 until it says stop. `stop_requested` is true
/// once rank 0 has asked every rank to stop (it polls, for training to end early).
void serve_mpi_trials(const EvaluateFn& evaluate);
/// Whether rank 0 has sent the stop message (checked without receiving it).
bool mpi_stop_pending();

}  // namespace imc::nas
