// SPDX-License-Identifier: MIT
#include "explore/study/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "explore/study/study_db.h"

namespace imc::explore {
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

RunLock::RunLock(const std::string& run_dir, const std::string& command) {
  const std::string path = (std::filesystem::path(run_dir) / "lock").string();
  // Never through a link (a planted one would truncate its target outside the run directory),
  // never anything but a regular file (a FIFO would block the next reader).
  m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
  if (m_fd < 0 && errno == ELOOP)
    throw StudyError(path +
                     ": is a symbolic link; imcnas never follows a link inside a run directory. Remove it "
                     "(rm " +
                     path + ") and run again");
  if (m_fd < 0) throw StudyError(path + ": cannot open the run's lock file: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(m_fd);
    m_fd = -1;
    throw StudyError(path + ": is not a regular file; imcnas keeps its lock in a plain file there. Remove it (rm " +
                     path + ") and run again");
  }
  if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    const std::string holder = e == EWOULDBLOCK ? read_holder(m_fd) : std::string();
    ::close(m_fd);
    m_fd = -1;
    if (e == EWOULDBLOCK)
      throw StudyError(run_dir + " is in use by " + holder + "; wait for that " + command +
                       " to end or stop it (Ctrl-C), then --resume " + run_dir);
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

}  // namespace imc::explore
