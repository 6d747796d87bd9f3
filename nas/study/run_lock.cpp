// SPDX-License-Identifier: MIT
#include "nas/study/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "nas/study/study_db.h"

namespace imc::nas {
namespace {

std::string read_holder(int fd) {
  char buf[128] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string text(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  // The holder writes its note just after it locks; until then the file may be empty.
  return text.empty() ? "another process (it is starting)" : text;
}

}  // namespace

RunLock::RunLock(const std::string& run_dir) {
  const std::string path = (std::filesystem::path(run_dir) / "lock").string();
  m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0) throw StudyError(path + ": cannot open the run's lock file: " + std::strerror(errno));
  if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    const std::string holder = e == EWOULDBLOCK ? read_holder(m_fd) : std::string();
    ::close(m_fd);
    m_fd = -1;
    if (e == EWOULDBLOCK)
      throw StudyError(run_dir + " is in use by " + holder +
                       "; wait for that search to end or stop it (Ctrl-C), then --resume " + run_dir);
    throw StudyError(path + ": cannot lock: " + std::strerror(e));
  }
  const std::string me = "imcnas pid " + std::to_string(::getpid()) + "\n";
  if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size())) {
    // The lock holds without the note; only the message to a second process is poorer.
  }
}

RunLock::RunLock(RunLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }

RunLock::~RunLock() {
  if (m_fd < 0) return;
  if (::ftruncate(m_fd, 0) != 0) {  // the note goes with the lock; a stale one would name the wrong process
  }
  ::close(m_fd);  // closing the descriptor releases the lock
}

}  // namespace imc::nas
