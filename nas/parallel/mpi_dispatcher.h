// SPDX-License-Identifier: MIT
// A search over MPI ranks (docs/search.md, "MPI"): rank 0 owns the sampler and the study and
// hands trials to the other ranks, which evaluate them and send back the results. Started by
// `mpirun -n N imcnas search CONFIG` or Slurm's `srun`; nothing here starts processes.
//
// Every rank sends a heartbeat from a thread of its own: the evaluators to rank 0, rank 0 to
// the evaluators. A rank not heard from for `rank_timeout_s` is taken for dead (a rank that
// hangs looks the same): rank 0 fails its trial and stops using it, and an evaluator whose rank
// 0 went silent stops. The job survives a rank's death only under `mpirun --enable-recovery`.
#pragma once

#include <mpi.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "nas/search/trial_dispatcher.h"

namespace imc::nas {

/// MPI_Init on construction, MPI_Finalize on destruction (rank 0 tells the others to stop first).
class MpiSession {
 public:
  explicit MpiSession(double rank_timeout_s);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return m_rank; }
  int size() const { return m_size; }
  double rank_timeout_s() const { return m_timeout_s; }
  /// Ends every rank at once with `code` (an error that leaves the job unusable).
  [[noreturn]] void abort(int code) const;
  /// Rank 0: tells every evaluator rank not in `lost` there are no more trials (once).
  void stop_ranks(const std::set<int>& lost = {});
  /// An evaluator rank: takes rank 0's waiting heartbeats; false once it has been silent longer
  /// than the timeout.
  bool root_alive();
  /// Skip MPI_Finalize at the end: a rank is lost and would hold it for ever.
  void end_without_finalize() { m_without_finalize = true; }

 private:
  void send_heartbeats();

  int m_rank = 0, m_size = 1;
  double m_timeout_s;
  bool m_stopped = false;
  bool m_without_finalize = false;
  std::chrono::steady_clock::time_point m_root_heard;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_ending = false;
  std::thread m_heartbeat;
};

/// True when this process was started by mpirun or srun.
bool launched_by_mpi();
/// True when OpenMPI's mpirun was told to keep the job going when a rank dies.
bool mpi_recovery_enabled();

/// Rank 0's view of the evaluator ranks 1 .. size - 1.
class MpiDispatcher : public TrialDispatcher {
 public:
  explicit MpiDispatcher(MpiSession& mpi);
  ~MpiDispatcher() override;
  int capacity() const override { return m_mpi.size() - 1 - static_cast<int>(m_lost.size()); }
  std::optional<int> free_worker() override;
  std::string worker_name(int worker) const override { return "rank " + std::to_string(worker); }
  void submit(int worker, int64_t trial, const TrialPoint& point) override;
  size_t pending() const override { return m_busy.size(); }
  /// Also throws when every evaluator rank has gone silent.
  std::optional<DispatchEvent> next(int timeout_ms) override;
  /// Ranks taken for dead.
  const std::set<int>& lost() const { return m_lost; }

 private:
  std::optional<DispatchEvent> silent_rank();

  /// A task on its way to a rank: its bytes live until the send completes.
  struct Sending {
    std::string bytes;
    MPI_Request request = MPI_REQUEST_NULL;
  };

  MpiSession& m_mpi;
  std::map<int, int64_t> m_busy;  ///< rank -> the trial it runs
  std::map<int, Sending> m_sending;
  std::set<int> m_lost;
  std::vector<std::chrono::steady_clock::time_point> m_heard;  ///< last message from each rank
};

/// An evaluator rank: takes trials from rank 0 until it says stop. Throws when rank 0 has gone
/// silent for the session's rank timeout.
void serve_mpi_trials(MpiSession& mpi, const EvaluateFn& evaluate);
/// An evaluator rank's stop check for training: rank 0 sent the stop message, or went silent.
bool mpi_stop_pending(MpiSession& mpi);

}  // namespace imc::nas
