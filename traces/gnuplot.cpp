// SPDX-License-Identifier: MIT
#include "traces/gnuplot.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace imc::traces {

std::string gnuplot_terminal(const std::string& out_path, int width_px, int height_px) {
  const std::string ext = std::filesystem::path(out_path).extension().string();
  const std::string size = " size " + std::to_string(width_px) + "," + std::to_string(height_px);
  if (ext == ".svg") return "set terminal svg" + size + " dynamic noenhanced font 'sans,11'";
  if (ext == ".png") return "set terminal pngcairo" + size + " noenhanced font 'sans,10'";
  throw std::runtime_error("plot file " + out_path + ": expected a .svg or .png name");
}

void run_gnuplot(const std::string& script) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::filesystem::path script_path = dir / ("imcnas_plot_" + std::to_string(::getpid()) + ".gp");
  const std::filesystem::path log_path = dir / ("imcnas_plot_" + std::to_string(::getpid()) + ".log");
  {
    std::ofstream out(script_path);
    out << script;
  }
  const std::string cmd = "gnuplot '" + script_path.string() + "' > '" + log_path.string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream log(log_path);
  const std::string message((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  std::filesystem::remove(script_path);
  std::filesystem::remove(log_path);
  if (rc != 0) throw std::runtime_error("gnuplot failed (is gnuplot installed?): " + message);
}

std::string temp_plot_data_path(const std::string& stem) {
  return (std::filesystem::temp_directory_path() / ("imcnas_" + stem + "_" + std::to_string(::getpid()) + ".dat"))
      .string();
}

void run_gnuplot_on_temp_data(const std::string& script, const std::string& data_file) {
  try {
    run_gnuplot(script);
  } catch (...) {
    std::filesystem::remove(data_file);
    throw;
  }
  std::filesystem::remove(data_file);
}

}  // namespace imc::traces
