// SPDX-License-Identifier: MIT
// Output files that are complete or absent: text goes to a temporary file
// beside the target, every write and the close are checked, then the file is
// renamed over the target. A full disk is an error naming the path, and the
// old file stays as it was.
#pragma once

#include <string>
#include <string_view>

namespace imc::traces {

class OutputFile {
 public:
  /// Opens a temporary file beside `path`; throws std::runtime_error naming the path and the reason.
  /// A target that exists and is not a regular file (/dev/stdout, a pipe) is written in place.
  explicit OutputFile(std::string path);
  ~OutputFile();  ///< without commit(), the temporary file is removed and the target is untouched
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Appends text; throws on a failed write (e.g. no space left on the device).
  void write(std::string_view text);
  /// Closes and renames the file into place; throws if anything failed.
  void commit();
  const std::string& path() const { return m_path; }

 private:
  void flush();
  [[noreturn]] void fail(const std::string& what, int error_number);

  std::string m_path, m_temp_path;
  std::string m_buffer;  ///< written to the descriptor in large blocks
  int m_fd = -1;
  bool m_in_place = false;
};

/// Writes `content` to `path` through an OutputFile.
void write_file(const std::string& path, std::string_view content);

/// For a file another library wrote without reporting write errors (SystemC's VCD): flushes
/// it to disk, refuses it if the file system is full (it is then likely cut short), and
/// renames it to `path`. Throws naming `path` and the reason; the temporary is removed.
void install_written_file(const std::string& temp_path, const std::string& path);

}  // namespace imc::traces
