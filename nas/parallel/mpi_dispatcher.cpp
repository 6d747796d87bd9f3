// SPDX-License-Identifier: MIT
#include "nas/parallel/mpi_dispatcher.h"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "nas/search/trial_codec.h"

namespace imc::nas {
namespace {

constexpr int kTagTask = 1;    ///< rank 0 -> evaluator: trial number and encoded point
constexpr int kTagResult = 2;  ///< evaluator -> rank 0: trial number and encoded evaluation
constexpr int kTagStop = 3;    ///< rank 0 -> evaluator: no more trials

std::string frame(int64_t trial, const std::string& bytes) {
  std::string out(sizeof trial, '\0');
  std::memcpy(out.data(), &trial, sizeof trial);
  return out + bytes;
}

std::pair<int64_t, std::string> unframe(const std::vector<char>& buf) {
  int64_t trial = 0;
  std::memcpy(&trial, buf.data(), sizeof trial);
  return {trial, std::string(buf.begin() + sizeof trial, buf.end())};
}

std::vector<char> receive(int source, int tag, MPI_Status& status) {
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  std::vector<char> buf(static_cast<size_t>(count));
  MPI_Recv(buf.data(), count, MPI_CHAR, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return buf;
}

}  // namespace

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

MpiSession::MpiSession() {
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &m_size);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

void MpiSession::stop_ranks() {
  if (m_stopped || m_rank != 0) return;
  m_stopped = true;
  for (int r = 1; r < m_size; ++r) MPI_Send(nullptr, 0, MPI_CHAR, r, kTagStop, MPI_COMM_WORLD);
}

std::optional<int> MpiDispatcher::free_worker() {
  for (int r = 1; r < m_size; ++r)
    if (!m_busy.count(r)) return r;
  return std::nullopt;
}

void MpiDispatcher::submit(int worker, int64_t trial, const TrialPoint& point) {
  const std::string buf = frame(trial, encode_trial_point(point));
  MPI_Send(buf.data(), static_cast<int>(buf.size()), MPI_CHAR, worker, kTagTask, MPI_COMM_WORLD);
  m_busy.insert(worker);
}

std::optional<DispatchEvent> MpiDispatcher::next(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &ready, &status);
    if (ready) {
      const auto [trial, text] = unframe(receive(status.MPI_SOURCE, kTagResult, status));
      m_busy.erase(status.MPI_SOURCE);
      DispatchEvent e;
      e.trial = trial;
      e.worker = worker_name(status.MPI_SOURCE);
      e.result = decode_trial_evaluation(text);
      return e;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a trial takes seconds: no need to spin
  }
}

bool mpi_stop_pending() {
  int ready = 0;
  MPI_Iprobe(0, kTagStop, MPI_COMM_WORLD, &ready, MPI_STATUS_IGNORE);
  return ready != 0;
}

void serve_mpi_trials(const EvaluateFn& evaluate) {
  for (;;) {
    MPI_Status status;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    const std::vector<char> buf = receive(0, status.MPI_TAG, status);
    if (status.MPI_TAG == kTagStop) return;
    const auto [trial, text] = unframe(buf);
    const std::string result = frame(trial, encode_trial_evaluation(evaluate(decode_trial_point(text))));
    MPI_Send(result.data(), static_cast<int>(result.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
  }
}

}  // namespace imc::nas
