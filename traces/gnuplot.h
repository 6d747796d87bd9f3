// SPDX-License-Identifier: MIT
// Runs gnuplot on a script; plots are rendered, never hand-drawn.
#pragma once

#include <string>

namespace imc::traces {

/// "svg" or "png" terminal line for a file name, chosen by its extension.
std::string gnuplot_terminal(const std::string& out_path, int width_px, int height_px);

/// Runs `gnuplot` on the script; throws std::runtime_error with gnuplot's message if it fails.
void run_gnuplot(const std::string& script);

}  // namespace imc::traces
