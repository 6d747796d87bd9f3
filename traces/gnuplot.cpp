// SPDX-License-Identifier: MIT
#include "traces/gnuplot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "traces/output_file.h"

extern char** environ;

namespace imc::traces {
namespace {

namespace fs = std::filesystem;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The terminal for a file's extension; the output path itself never enters a rendered script.
std::string terminal_line(const std::string& out_path, int width_px, int height_px) {
  const std::string size = " size " + std::to_string(width_px) + "," + std::to_string(height_px);
  const fs::path ext = fs::path(out_path).extension();
  if (ext == ".svg") return "set terminal svg" + size + " dynamic noenhanced font 'sans,11'";
  if (ext == ".pdf") {  // pdfcairo takes inches: 96 pixels each
    std::ostringstream inches;
    inches << " size " << width_px / 96.0 << "in," << height_px / 96.0 << "in";
    return "set terminal pdfcairo" + inches.str() + " noenhanced font 'sans,9'";
  }
  return "set terminal pngcairo" + size + " noenhanced font 'sans,10'";
}

/// Runs `gnuplot SCRIPT` with no shell, stdout and stderr into `log_path`; returns the exit status.
int spawn_gnuplot(const std::string& script_path, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::string program = "gnuplot";
  std::vector<char*> argv{program.data(), const_cast<char*>(script_path.c_str()), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) throw std::runtime_error("gnuplot is not installed (not found on PATH); plots need it");
  if (rc != 0) throw std::runtime_error(std::string("cannot start gnuplot: ") + std::strerror(rc));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waiting for gnuplot: ") + std::strerror(errno));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

std::string gnuplot_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      throw std::invalid_argument("text for a plot holds a control character (code " + std::to_string(u) +
                                  "): " + text.substr(0, 80));
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

void check_plot_path(const std::string& out_path) {
  const fs::path p(out_path);
  if (p.extension() != ".svg" && p.extension() != ".png" && p.extension() != ".pdf")
    throw std::runtime_error("plot file " + out_path + ": expected a .svg, .png or .pdf name");
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error("plot file " + out_path + ": the directory " + dir.string() + " does not exist");
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "imcnas_XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error("cannot create a temporary directory in " + fs::temp_directory_path().string() + ": " +
                             std::strerror(errno));
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

std::string TempDir::file(const std::string& name) const { return (fs::path(m_path) / name).string(); }

std::string plot_script(const std::string& out_path, int width_px, int height_px, const std::string& body) {
  return terminal_line(out_path, width_px, height_px) + "\nset output " + gnuplot_string(out_path) + "\n" + body +
         "\nunset output\n";
}

void render_plot(const std::string& out_path, int width_px, int height_px, const std::string& body) {
  check_plot_path(out_path);
  const TempDir dir;
  const std::string rendered = dir.file("plot" + fs::path(out_path).extension().string());
  const std::string script = dir.file("plot.gp"), log = dir.file("gnuplot.log");
  // The output path never enters the script: gnuplot writes a private file, copied after.
  write_file(script, plot_script(rendered, width_px, height_px, body));
  const int status = spawn_gnuplot(script, log);
  const std::string message = read_all(log);
  if (status != 0)
    throw std::runtime_error("gnuplot failed on " + out_path + " (exit " + std::to_string(status) + "): " + message);
  const std::string plot = read_all(rendered);
  if (plot.empty()) throw std::runtime_error("gnuplot wrote nothing for " + out_path + ": " + message);
  write_file(out_path, plot);
}

}  // namespace imc::traces
