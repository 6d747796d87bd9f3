// SPDX-License-Identifier: MIT
#include "nas/parallel/mpi_dispatcher.h"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "nas/search/trial_codec.h"

namespace imc::nas {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kTagTask = 1;    ///< rank 0 -> evaluator: trial number and encoded point
constexpr int kTagResult = 2;  ///< evaluator -> rank 0: trial number and encoded evaluation
constexpr int kTagStop = 3;    ///< rank 0 -> evaluator: no more trials
constexpr int kTagAlive = 4;   ///< either way, empty: the heartbeat

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

std::vector<char> receive(const MPI_Status& status) {
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  std::vector<char> buf(static_cast<size_t>(count));
  MPI_Recv(buf.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return buf;
}

/// The next message from `source` (any tag), if one is waiting.
std::optional<MPI_Status> waiting(int source) {
  int ready = 0;
  MPI_Status status;
  MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status);
  if (!ready) return std::nullopt;
  return status;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string seconds_text(double s) {
  std::string text = std::to_string(s);
  return text.substr(0, text.find('.') + 2) + " s";
}

}  // namespace

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

bool mpi_recovery_enabled() {
  const char* v = std::getenv("OMPI_MCA_orte_enable_recovery");
  return v && std::string(v) != "0";
}

MpiSession::MpiSession(double rank_timeout_s) : m_timeout_s(rank_timeout_s) {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &m_size);
  // A send to a dead rank returns an error instead of ending this one.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  if (provided < MPI_THREAD_MULTIPLE) {
    MPI_Finalize();
    throw std::runtime_error(
        "this MPI library cannot send from two threads at once (MPI_THREAD_MULTIPLE), "
        "which the heartbeats need");
  }
  m_root_heard = Clock::now();
  if (m_size > 1) m_heartbeat = std::thread([this] { send_heartbeats(); });
}

MpiSession::~MpiSession() {
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_ending = true;
  }
  m_wake.notify_all();
  if (m_heartbeat.joinable()) m_heartbeat.join();
  // MPI_Finalize waits for every rank and for sends to a dead one: once a rank is lost, the
  // others end without it (mpirun --enable-recovery then ends the job with exit code 0).
  if (!m_without_finalize) MPI_Finalize();
}

void MpiSession::send_heartbeats() {
  // Non-blocking: a send to a dead rank may never complete, and then that rank gets no more.
  std::vector<MPI_Request> sent(static_cast<size_t>(m_size), MPI_REQUEST_NULL);
  const auto beat = [&](int to) {
    MPI_Request& r = sent[static_cast<size_t>(to)];
    int done = 1;
    if (r != MPI_REQUEST_NULL) MPI_Test(&r, &done, MPI_STATUS_IGNORE);
    if (done) MPI_Isend(nullptr, 0, MPI_CHAR, to, kTagAlive, MPI_COMM_WORLD, &r);
  };
  const auto interval = std::chrono::duration<double>(std::clamp(m_timeout_s / 4, 0.02, 10.0));
  std::unique_lock<std::mutex> lock(m_mutex);
  while (!m_wake.wait_for(lock, interval, [this] { return m_ending; })) {
    for (int to = m_rank == 0 ? 1 : 0; to < (m_rank == 0 ? m_size : 1); ++to) beat(to);
  }
  for (MPI_Request& r : sent) {
    int done = 1;
    if (r != MPI_REQUEST_NULL) MPI_Test(&r, &done, MPI_STATUS_IGNORE);
    if (!done) MPI_Request_free(&r);
  }
}

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

void MpiSession::stop_ranks(const std::set<int>& lost) {
  if (m_stopped || m_rank != 0) return;
  m_stopped = true;
  m_without_finalize = !lost.empty();
  static const char kLost[2] = {0, 1};  // the stop's one byte: whether a rank was lost
  // Not blocking: a rank that died unnoticed would hold a blocking send for ever. The stops
  // get the rank timeout to complete; the ones left are dropped.
  std::vector<MPI_Request> sent;
  for (int r = 1; r < m_size; ++r)
    if (!lost.count(r)) {
      sent.emplace_back();
      MPI_Isend(&kLost[lost.empty() ? 0 : 1], 1, MPI_CHAR, r, kTagStop, MPI_COMM_WORLD, &sent.back());
    }
  const auto start = Clock::now();
  for (MPI_Request& r : sent) {
    int done = 0;
    while (MPI_Test(&r, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done && seconds_since(start) < m_timeout_s)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!done && r != MPI_REQUEST_NULL) MPI_Request_free(&r);
  }
}

bool MpiSession::root_alive() {
  int ready = 1;
  while (ready) {
    MPI_Iprobe(0, kTagAlive, MPI_COMM_WORLD, &ready, MPI_STATUS_IGNORE);
    if (ready) {
      MPI_Recv(nullptr, 0, MPI_CHAR, 0, kTagAlive, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      m_root_heard = Clock::now();
    }
  }
  return seconds_since(m_root_heard) <= m_timeout_s;
}

MpiDispatcher::MpiDispatcher(MpiSession& mpi) : m_mpi(mpi), m_heard(static_cast<size_t>(mpi.size()), Clock::now()) {}

std::optional<int> MpiDispatcher::free_worker() {
  for (int r = 1; r < m_mpi.size(); ++r)
    if (!m_busy.count(r) && !m_lost.count(r)) return r;
  return std::nullopt;
}

MpiDispatcher::~MpiDispatcher() {
  m_mpi.stop_ranks(m_lost);
  for (auto& [rank, task] : m_sending)
    if (task.request != MPI_REQUEST_NULL) MPI_Request_free(&task.request);  // to a dead rank
}

void MpiDispatcher::submit(int worker, int64_t trial, const TrialPoint& point) {
  m_busy[worker] = trial;
  // Not blocking: a send to a rank that died unnoticed would never return. It shows as
  // silence instead, and next() fails the trial after the timeout.
  Sending& task = m_sending[worker];
  if (task.request != MPI_REQUEST_NULL) MPI_Request_free(&task.request);
  task.bytes = frame(trial, encode_trial_point(point));
  MPI_Isend(task.bytes.data(), static_cast<int>(task.bytes.size()), MPI_CHAR, worker, kTagTask, MPI_COMM_WORLD,
            &task.request);
}

std::optional<DispatchEvent> MpiDispatcher::silent_rank() {
  for (int r = 1; r < m_mpi.size(); ++r) {
    const double silent_s = seconds_since(m_heard[static_cast<size_t>(r)]);
    if (m_lost.count(r) || silent_s <= m_mpi.rank_timeout_s()) continue;
    m_lost.insert(r);
    const auto busy = m_busy.find(r);
    if (busy == m_busy.end()) continue;  // it had no trial: nothing is lost but the rank
    DispatchEvent e;
    e.trial = busy->second;
    e.worker = worker_name(r);
    e.lost = "evaluator rank " + std::to_string(r) + " went silent for " + seconds_text(silent_s) +
             " (it died, hangs, or lost its machine or network; it gets no more trials)";
    m_busy.erase(busy);
    return e;
  }
  return std::nullopt;
}

std::optional<DispatchEvent> MpiDispatcher::next(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    for (auto& [rank, task] : m_sending) {
      int done = 0;
      if (task.request != MPI_REQUEST_NULL) MPI_Test(&task.request, &done, MPI_STATUS_IGNORE);
    }
    while (const std::optional<MPI_Status> status = waiting(MPI_ANY_SOURCE)) {
      const int rank = status->MPI_SOURCE;
      const std::vector<char> buf = receive(*status);
      m_heard[static_cast<size_t>(rank)] = Clock::now();
      // A late answer from a rank taken for dead: its trial is already recorded as failed.
      if (status->MPI_TAG != kTagResult || m_lost.count(rank)) continue;
      const auto [trial, text] = unframe(buf);
      m_busy.erase(rank);
      DispatchEvent e;
      e.trial = trial;
      e.worker = worker_name(rank);
      e.result = decode_trial_evaluation(text);
      return e;
    }
    if (std::optional<DispatchEvent> e = silent_rank()) return e;
    if (capacity() == 0)
      throw std::runtime_error("every evaluator rank went silent for more than " +
                               seconds_text(m_mpi.rank_timeout_s()) + "; the finished trials are in the study");
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a trial takes seconds: no need to spin
  }
}

bool mpi_stop_pending(MpiSession& mpi) {
  int ready = 0;
  MPI_Iprobe(0, kTagStop, MPI_COMM_WORLD, &ready, MPI_STATUS_IGNORE);
  return ready != 0 || !mpi.root_alive();
}

namespace {
[[noreturn]] void throw_root_silent(const MpiSession& mpi) {
  throw std::runtime_error("rank 0 went silent for more than " + seconds_text(mpi.rank_timeout_s()) +
                           " (it died, hangs, or lost its machine or network)");
}
}  // namespace

void serve_mpi_trials(MpiSession& mpi, const EvaluateFn& evaluate) {
  for (;;) {
    const std::optional<MPI_Status> status = waiting(0);
    if (!status || status->MPI_TAG == kTagAlive) {
      if (!mpi.root_alive()) throw_root_silent(mpi);
      if (!status) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    const std::vector<char> buf = receive(*status);
    if (status->MPI_TAG == kTagStop) {
      if (!buf.empty() && buf.front() == 1) mpi.end_without_finalize();
      return;
    }
    const auto [trial, text] = unframe(buf);
    const std::string result = frame(trial, encode_trial_evaluation(evaluate(decode_trial_point(text))));
    // Not a blocking send: one to a dead rank 0 would wait for ever.
    MPI_Request sent = MPI_REQUEST_NULL;
    MPI_Isend(result.data(), static_cast<int>(result.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD, &sent);
    for (int done = 0; !done;) {
      MPI_Test(&sent, &done, MPI_STATUS_IGNORE);
      if (done) break;
      if (!mpi.root_alive()) throw_root_silent(mpi);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

}  // namespace imc::nas
