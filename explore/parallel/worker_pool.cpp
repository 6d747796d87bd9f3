// SPDX-License-Identifier: MIT
#include "explore/parallel/worker_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <system_error>

namespace imc::explore {
namespace {

bool write_all(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool read_exact(int fd, void* data, size_t n) {
  char* p = static_cast<char*>(data);
  while (n > 0) {
    const ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

/// A frame: the task number, the length, the bytes.
bool write_frame(int fd, int64_t task, const std::string& bytes) {
  const uint64_t length = bytes.size();
  return write_all(fd, &task, sizeof task) && write_all(fd, &length, sizeof length) &&
         write_all(fd, bytes.data(), bytes.size());
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

[[noreturn]] void worker_main(int task_fd, int result_fd, const WorkFn& work, pid_t parent) {
  // A worker ends with its parent, even a kill -9 of it: it must not hold the run's lock, nor
  // train for nobody.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) _exit(0);  // the parent died before the line above
  std::signal(SIGINT, SIG_IGN);         // Ctrl-C reaches the whole process group: the parent decides
  std::signal(SIGTERM, SIG_DFL);
  for (;;) {
    int64_t task = 0;
    uint64_t length = 0;
    if (!read_exact(task_fd, &task, sizeof task) || !read_exact(task_fd, &length, sizeof length)) _exit(0);
    std::string payload(length, '\0');
    if (!read_exact(task_fd, payload.data(), length)) _exit(0);
    std::string result;
    try {
      result = work(task, payload);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "worker %d: task %lld: %s\n", int(getpid()), static_cast<long long>(task), e.what());
      _exit(3);
    } catch (...) {
      _exit(3);
    }
    if (!write_frame(result_fd, task, result)) _exit(4);  // the parent is gone
  }
}

std::string exit_reason(int pid, int status) {
  const std::string who = "worker process " + std::to_string(pid);
  if (WIFSIGNALED(status))
    return who + " was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  if (WIFEXITED(status)) return who + " exited with status " + std::to_string(WEXITSTATUS(status));
  return who + " ended";
}

}  // namespace

std::string thread_names() {
  std::string out;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/task", ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    std::ifstream comm(it->path() / "comm");
    std::string name;
    std::getline(comm, name);
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

bool single_threaded() {
  std::error_code ec;
  size_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/task", ec); !ec && it != std::filesystem::end(it);
       it.increment(ec))
    ++n;
  return !ec && n == 1;
}

WorkerPool::IgnoreSigpipe::IgnoreSigpipe() : old(std::signal(SIGPIPE, SIG_IGN)) {}
WorkerPool::IgnoreSigpipe::~IgnoreSigpipe() { std::signal(SIGPIPE, old); }

WorkerPool::WorkerPool(int workers, WorkFn work, size_t depth) : m_work(std::move(work)), m_depth(depth) {
  if (workers < 1) throw std::invalid_argument("a worker pool needs at least one worker");
  if (depth < 1) throw std::invalid_argument("a worker pool needs a depth of at least one task");
  m_slots.resize(static_cast<size_t>(workers));
  for (size_t i = 0; i < m_slots.size(); ++i) spawn(i);
}

WorkerPool::~WorkerPool() {
  for (Slot& s : m_slots) {
    close_fd(s.task_fd);
    close_fd(s.result_fd);
  }
  for (Slot& s : m_slots) {
    if (s.pid <= 0) continue;
    int status = 0;
    // A worker in the middle of a task gets SIGTERM: it cannot report anything any more.
    if (::waitpid(s.pid, &status, WNOHANG) == 0) {
      ::kill(s.pid, SIGTERM);
      while (::waitpid(s.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
}

void WorkerPool::spawn(size_t slot) {
  if (!single_threaded())
    throw std::runtime_error("cannot start worker processes: this process already runs threads (" + thread_names() +
                             "); LibTorch, the BLAS and the SystemC kernel must start in the workers, not before them");
  int tasks[2], results[2];
  if (::pipe2(tasks, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  if (::pipe2(results, O_CLOEXEC) != 0) {
    ::close(tasks[0]);
    ::close(tasks[1]);
    throw std::system_error(errno, std::generic_category(), "pipe");
  }
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {tasks[0], tasks[1], results[0], results[1]}) ::close(fd);
    throw std::system_error(errno, std::generic_category(), "fork");
  }
  if (pid == 0) {
    ::close(tasks[1]);
    ::close(results[0]);
    // Another worker's pipe ends would keep it from seeing the end of its tasks.
    for (const Slot& s : m_slots) {
      if (s.task_fd >= 0) ::close(s.task_fd);
      if (s.result_fd >= 0) ::close(s.result_fd);
    }
    worker_main(tasks[0], results[1], m_work, parent);
  }
  ::close(tasks[0]);
  ::close(results[1]);
  Slot& s = m_slots[slot];
  s = Slot{};
  s.pid = pid;
  s.task_fd = tasks[1];
  s.result_fd = results[0];
}

std::optional<int> WorkerPool::free_worker() {
  if (m_closed) return std::nullopt;
  for (size_t i = 0; i < m_slots.size(); ++i) {
    if (m_slots[i].pid <= 0) spawn(i);  // a worker that died is replaced when it is needed
    if (m_slots[i].task_fd >= 0 && m_slots[i].outstanding.size() < m_depth) return static_cast<int>(i);
  }
  return std::nullopt;
}

void WorkerPool::submit(int worker, int64_t task, const std::string& payload) {
  Slot& s = m_slots.at(static_cast<size_t>(worker));
  if (s.task_fd < 0 || !write_frame(s.task_fd, task, payload)) {
    // The worker is gone already: the task never started. It takes no more tasks; next()
    // reaps it, and free_worker() replaces it.
    close_fd(s.task_fd);
    m_events.push_back({task, false, false, "the worker process ended before it got the task", worker});
    return;
  }
  s.outstanding.push_back(task);
}

size_t WorkerPool::pending() const {
  size_t n = m_events.size();  // reported by the workers, not yet returned by next()
  for (const Slot& s : m_slots) n += s.outstanding.size();
  return n;
}

void WorkerPool::close_tasks() {
  m_closed = true;
  for (Slot& s : m_slots) close_fd(s.task_fd);
}

bool WorkerPool::finished() const {
  if (!m_events.empty()) return false;
  for (const Slot& s : m_slots)
    if (s.result_fd >= 0) return false;
  return true;
}

void WorkerPool::reap(size_t slot) {
  Slot& s = m_slots[slot];
  close_fd(s.result_fd);
  close_fd(s.task_fd);
  int status = 0;
  while (::waitpid(s.pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string reason = s.killed_because.empty()
                                 ? exit_reason(s.pid, status)
                                 : "worker process " + std::to_string(s.pid) + " " + s.killed_because;
  s.pid = -1;
  s.stopped_since_s = -1;
  s.killed_because.clear();
  for (size_t k = 0; k < s.outstanding.size(); ++k)
    m_events.push_back({s.outstanding[k], false, k == 0, k == 0 ? reason : "queued behind the task that " + reason,
                        static_cast<int>(slot)});
  s.outstanding.clear();
}

namespace {

/// A process's state letter from /proc/PID/stat ('R', 'S', 'T' stopped, 't' traced, ...).
char process_state(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const size_t paren = line.rfind(')');  // the command name may hold spaces and parentheses
  return paren != std::string::npos && paren + 2 < line.size() ? line[paren + 2] : '?';
}

double monotonic_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void WorkerPool::kill_stopped_workers() {
  for (Slot& s : m_slots) {
    if (s.pid <= 0 || s.outstanding.empty() || !s.killed_because.empty()) continue;
    const char state = process_state(s.pid);
    if (state != 'T' && state != 't') {
      s.stopped_since_s = -1;
      continue;
    }
    const double now = monotonic_s();
    if (s.stopped_since_s < 0) s.stopped_since_s = now;
    if (now - s.stopped_since_s < kStoppedLimit_s) continue;
    s.killed_because = "was stopped for " + std::to_string(static_cast<int>(kStoppedLimit_s)) +
                       " s while it held a task (SIGSTOP or a debugger), and was killed";
    ::kill(s.pid, SIGKILL);  // its pipe closes: next() reaps it and reports its task
  }
}

std::optional<WorkerEvent> WorkerPool::next(int timeout_ms) {
  constexpr size_t kHeader = sizeof(int64_t) + sizeof(uint64_t);
  kill_stopped_workers();
  for (;;) {
    if (!m_events.empty()) {
      WorkerEvent e = std::move(m_events.front());
      m_events.pop_front();
      return e;
    }
    std::vector<pollfd> fds;
    std::vector<size_t> owner;
    for (size_t i = 0; i < m_slots.size(); ++i) {
      if (m_slots[i].result_fd < 0) continue;
      fds.push_back({m_slots[i].result_fd, POLLIN, 0});
      owner.push_back(i);
    }
    if (fds.empty()) return std::nullopt;
    const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    if (ready <= 0) return std::nullopt;  // a timeout, or a signal (the caller checks its stop flag)
    for (size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents == 0) continue;
      Slot& s = m_slots[owner[k]];
      char chunk[65536];
      const ssize_t r = ::read(s.result_fd, chunk, sizeof chunk);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {  // the worker is gone: normally after its last task, otherwise in the first it held
        reap(owner[k]);
        continue;
      }
      s.buffer.append(chunk, static_cast<size_t>(r));
      size_t at = 0;
      while (s.buffer.size() - at >= kHeader) {
        int64_t task = 0;
        uint64_t length = 0;
        std::memcpy(&task, s.buffer.data() + at, sizeof task);
        std::memcpy(&length, s.buffer.data() + at + sizeof task, sizeof length);
        if (s.buffer.size() - at - kHeader < length) break;
        if (!s.outstanding.empty() && s.outstanding.front() == task) s.outstanding.pop_front();
        m_events.push_back({task, true, true, s.buffer.substr(at + kHeader, length), static_cast<int>(owner[k])});
        at += kHeader + length;
      }
      s.buffer.erase(0, at);
    }
  }
}

}  // namespace imc::explore
