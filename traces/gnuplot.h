// SPDX-License-Identifier: MIT
// Runs gnuplot on a script; plots are rendered, never hand-drawn.
// No user text is ever interpreted: gnuplot is started without a shell, the
// script, data and log live in a private temporary directory, the output path
// never enters the script, and titles go in as single-quoted strings (which
// gnuplot does not substitute in).
#pragma once

#include <string>

namespace imc::traces {

/// `text` as a gnuplot single-quoted string ('' for a quote). Throws std::invalid_argument
/// if it holds a control character such as a newline, which would end the command.
std::string gnuplot_string(const std::string& text);

/// Throws std::runtime_error unless `out_path` ends in .svg or .png and its directory exists.
void check_plot_path(const std::string& out_path);

/// A private directory (mkdtemp, mode 0700) removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// The path of `name` inside the directory.
  std::string file(const std::string& name) const;

 private:
  std::string m_path;
};

/// A whole script: the terminal for `out_path`'s extension at the given size, `set output` to
/// it, then `body`. What render_plot runs (with a private output path), and what a run keeps
/// next to its plots for a user to restyle.
std::string plot_script(const std::string& out_path, int width_px, int height_px, const std::string& body);

/// Renders `body` (a gnuplot script without terminal and output) to `out_path` (.svg or .png) at
/// the given size. The plot is written beside and renamed into place only if gnuplot succeeded,
/// so a failure leaves the old file. Throws std::runtime_error saying what failed.
void render_plot(const std::string& out_path, int width_px, int height_px, const std::string& body);

}  // namespace imc::traces
