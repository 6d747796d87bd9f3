// SPDX-License-Identifier: MIT
// Runs gnuplot on a script; plots are rendered, never hand-drawn.
#pragma once

#include <string>

namespace imc::traces {

/// "svg" or "png" terminal line for a file name, chosen by its extension.
std::string gnuplot_terminal(const std::string& out_path, int width_px, int height_px);

/// Runs `gnuplot` on the script; throws std::runtime_error with gnuplot's message if it fails.
void run_gnuplot(const std::string& script);

/// A temporary data file for one plot of this process: TMP/imcnas_STEM_PID.dat.
std::string temp_plot_data_path(const std::string& stem);
/// run_gnuplot, then removes the temporary `data_file` the script read, also when it fails.
void run_gnuplot_on_temp_data(const std::string& script, const std::string& data_file);

}  // namespace imc::traces
