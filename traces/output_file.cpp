// SPDX-License-Identifier: MIT
#include "traces/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>

namespace imc::traces {
namespace {

constexpr size_t kBlockBytes = 1 << 16;

std::string reason(int error_number) { return std::strerror(error_number); }

/// A name beside `path` that no other process can predict.
std::string temp_name_beside(const std::string& path) {
  std::random_device rd;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp%d.%08x", static_cast<int>(::getpid()), rd());
  return path + suffix;
}

}  // namespace

OutputFile::OutputFile(std::string path) : m_path(std::move(path)) {
  struct stat st {};
  if (::stat(m_path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw std::runtime_error(m_path + ": cannot write: it is a directory");
    m_in_place = true;
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CLOEXEC);
    if (m_fd < 0) fail("cannot open for writing", errno);
    return;
  }
  for (int attempt = 0; attempt < 16 && m_fd < 0; ++attempt) {
    m_temp_path = temp_name_beside(m_path);
    m_fd = ::open(m_temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (m_fd < 0 && errno != EEXIST) break;
  }
  if (m_fd < 0) {
    const int e = errno;
    m_temp_path.clear();
    fail("cannot create a file beside it", e);
  }
}

OutputFile::~OutputFile() {
  if (m_fd >= 0) ::close(m_fd);
  if (!m_temp_path.empty()) ::unlink(m_temp_path.c_str());
}

void OutputFile::fail(const std::string& what, int error_number) {
  throw std::runtime_error(m_path + ": " + what + ": " + reason(error_number));
}

void OutputFile::write(std::string_view text) {
  if (m_fd < 0) throw std::runtime_error(m_path + ": write after commit");
  m_buffer.append(text);
  if (m_buffer.size() >= kBlockBytes) flush();
}

void OutputFile::flush() {
  size_t done = 0;
  while (done < m_buffer.size()) {
    const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write failed", n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  m_buffer.clear();
}

void OutputFile::commit() {
  if (m_fd < 0) throw std::runtime_error(m_path + ": committed twice");
  flush();
  if (!m_in_place && ::fsync(m_fd) != 0) fail("write failed", errno);
  const int fd = m_fd;
  m_fd = -1;
  if (::close(fd) != 0) fail("write failed", errno);
  if (m_in_place) return;
  if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) fail("cannot replace the file", errno);
  m_temp_path.clear();
}

void install_written_file(const std::string& temp_path, const std::string& path) {
  const int fd = ::open(temp_path.c_str(), O_RDONLY | O_CLOEXEC);
  int error_number = fd < 0 ? errno : 0;
  if (fd >= 0) {
    if (::fsync(fd) != 0) error_number = errno;
    struct statvfs fs {};
    if (error_number == 0 && ::fstatvfs(fd, &fs) == 0 && fs.f_bavail == 0) error_number = ENOSPC;
    ::close(fd);
  }
  if (error_number == 0 && ::rename(temp_path.c_str(), path.c_str()) != 0) error_number = errno;
  if (error_number != 0) {
    ::unlink(temp_path.c_str());
    throw std::runtime_error(path + ": write failed: " + reason(error_number));
  }
}

void write_file(const std::string& path, std::string_view content) {
  OutputFile out(path);
  out.write(content);
  out.commit();
}

}  // namespace imc::traces
