// SPDX-License-Identifier: MIT
#include "nas/parallel/process_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <system_error>

namespace imc::nas {
namespace {

struct Worker {
  pid_t pid = -1;
  int task_fd = -1;    ///< the parent writes task numbers here
  int result_fd = -1;  ///< and reads frames (task, length, bytes) from here
  std::deque<int64_t> outstanding;
  std::string buffer;
};

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

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

[[noreturn]] void worker_main(int task_fd, int result_fd, const ProcessPoolHandlers& h) {
  std::signal(SIGINT, SIG_IGN);  // Ctrl-C reaches the whole process group: the parent decides
  for (;;) {
    int64_t task = 0;
    if (!read_exact(task_fd, &task, sizeof task)) _exit(0);  // no more tasks
    std::string result;
    try {
      result = h.work(task);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "worker %d: task %lld: %s\n", int(getpid()), static_cast<long long>(task), e.what());
      _exit(3);
    } catch (...) {
      _exit(3);
    }
    const uint64_t length = result.size();
    if (!write_all(result_fd, &task, sizeof task) || !write_all(result_fd, &length, sizeof length) ||
        !write_all(result_fd, result.data(), result.size()))
      _exit(4);  // the parent is gone
  }
}

Worker spawn(const ProcessPoolHandlers& h, const std::vector<Worker>& others) {
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
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {tasks[0], tasks[1], results[0], results[1]}) ::close(fd);
    throw std::system_error(errno, std::generic_category(), "fork");
  }
  if (pid == 0) {
    ::close(tasks[1]);
    ::close(results[0]);
    // Another worker's pipe ends would keep it from seeing the end of its tasks.
    for (const Worker& w : others) {
      if (w.task_fd >= 0) ::close(w.task_fd);
      if (w.result_fd >= 0) ::close(w.result_fd);
    }
    worker_main(tasks[0], results[1], h);
  }
  ::close(tasks[0]);
  ::close(results[1]);
  Worker w;
  w.pid = pid;
  w.task_fd = tasks[1];
  w.result_fd = results[0];
  return w;
}

std::string exit_reason(pid_t pid, int status) {
  const std::string who = "worker process " + std::to_string(pid);
  if (WIFSIGNALED(status))
    return who + " was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  if (WIFEXITED(status)) return who + " exited with status " + std::to_string(WEXITSTATUS(status));
  return who + " ended";
}

/// Takes every complete frame out of the worker's buffer.
void deliver_frames(Worker& w, const ProcessPoolHandlers& h) {
  constexpr size_t kHeader = sizeof(int64_t) + sizeof(uint64_t);
  size_t at = 0;
  while (w.buffer.size() - at >= kHeader) {
    int64_t task = 0;
    uint64_t length = 0;
    std::memcpy(&task, w.buffer.data() + at, sizeof task);
    std::memcpy(&length, w.buffer.data() + at + sizeof task, sizeof length);
    if (w.buffer.size() - at - kHeader < length) break;
    const std::string result = w.buffer.substr(at + kHeader, length);
    at += kHeader + length;
    if (!w.outstanding.empty() && w.outstanding.front() == task) w.outstanding.pop_front();
    h.done(task, result);
  }
  w.buffer.erase(0, at);
}

/// Restores SIGPIPE's disposition on every way out: a dead worker's pipe must be an error, not a kill.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() { m_old = std::signal(SIGPIPE, SIG_IGN); }
  ~IgnoreSigpipe() { std::signal(SIGPIPE, m_old); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

 private:
  void (*m_old)(int) = SIG_DFL;
};

}  // namespace

std::vector<int64_t> run_in_processes(int jobs, const std::vector<int64_t>& tasks, const ProcessPoolHandlers& h,
                                      const std::atomic<bool>& stop) {
  if (jobs < 1) throw std::invalid_argument("run_in_processes: jobs must be at least 1");
  const IgnoreSigpipe ignore_sigpipe;
  std::deque<int64_t> queue(tasks.begin(), tasks.end());
  std::vector<Worker> workers;
  constexpr size_t kDepth = 2;  // one running, one waiting in the pipe: no idle gap between tasks

  auto live = [&] {
    size_t n = 0;
    for (const Worker& w : workers) n += w.result_fd >= 0;
    return n;
  };
  try {
    for (int i = 0; i < jobs && size_t(i) < queue.size(); ++i) workers.push_back(spawn(h, workers));
    while (live() > 0) {
      // Hand out tasks; a worker with nothing more to do gets the end of its task pipe.
      for (Worker& w : workers) {
        if (w.task_fd < 0) continue;
        while (!stop && w.outstanding.size() < kDepth && !queue.empty()) {
          const int64_t task = queue.front();
          if (!write_all(w.task_fd, &task, sizeof task)) break;
          queue.pop_front();
          w.outstanding.push_back(task);
        }
        if (stop || queue.empty()) close_fd(w.task_fd);
      }
      std::vector<pollfd> fds;
      std::vector<size_t> owner;
      for (size_t i = 0; i < workers.size(); ++i) {
        if (workers[i].result_fd < 0) continue;
        fds.push_back({workers[i].result_fd, POLLIN, 0});
        owner.push_back(i);
      }
      const int ready = ::poll(fds.data(), fds.size(), 200);
      if (ready < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
      if (ready <= 0) continue;
      for (size_t k = 0; k < fds.size(); ++k) {
        if (fds[k].revents == 0) continue;
        Worker& w = workers[owner[k]];
        char chunk[65536];
        const ssize_t r = ::read(w.result_fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r > 0) {
          w.buffer.append(chunk, static_cast<size_t>(r));
          deliver_frames(w, h);
          continue;
        }
        // The worker is gone: normally after its last task; otherwise it died in the first one it held.
        close_fd(w.result_fd);
        close_fd(w.task_fd);
        int status = 0;
        while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
        }
        const std::string reason = exit_reason(w.pid, status);
        w.pid = -1;
        if (!w.outstanding.empty()) {
          h.lost(w.outstanding.front(), reason);
          w.outstanding.pop_front();
          for (auto it = w.outstanding.rbegin(); it != w.outstanding.rend(); ++it) queue.push_front(*it);
          w.outstanding.clear();
        }
        if (!stop && !queue.empty()) workers.push_back(spawn(h, workers));
      }
    }
  } catch (...) {
    for (Worker& w : workers) {
      close_fd(w.task_fd);
      close_fd(w.result_fd);
      if (w.pid > 0) {
        ::kill(w.pid, SIGTERM);
        int status = 0;
        ::waitpid(w.pid, &status, 0);
      }
    }
    throw;
  }
  return {queue.begin(), queue.end()};
}

}  // namespace imc::nas
