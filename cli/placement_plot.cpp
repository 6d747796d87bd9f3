// SPDX-License-Identifier: MIT
#include "cli/placement_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "traces/gnuplot.h"
#include "traces/output_file.h"

namespace imc::cli {
namespace {

/// The colour of the i-th placed layer: the ten of matplotlib's tab10 first, then hues a golden
/// angle apart at alternating saturation and brightness, so no two layers share a colour.
std::string layer_color(size_t i) {
  static const char* tab10[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  if (i < 10) return tab10[i];
  const double hue = std::fmod(0.137 + 0.6180339887 * static_cast<double>(i), 1.0) * 6.0;
  const double saturation = (i / 7) % 2 ? 0.55 : 0.85, value = (i / 3) % 2 ? 0.70 : 0.92;
  const double chroma = value * saturation, x = chroma * (1 - std::fabs(std::fmod(hue, 2.0) - 1)), m = value - chroma;
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(hue)) {
    case 0:
      r = chroma, g = x;
      break;
    case 1:
      r = x, g = chroma;
      break;
    case 2:
      g = chroma, b = x;
      break;
    case 3:
      g = x, b = chroma;
      break;
    case 4:
      r = x, b = chroma;
      break;
    default:
      r = chroma, b = x;
      break;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "#%02x%02x%02x", static_cast<int>(std::lround(255 * (r + m))),
                static_cast<int>(std::lround(255 * (g + m))), static_cast<int>(std::lround(255 * (b + m))));
  return hex;
}

}  // namespace

void plot_placement(const mapping::Mapping& m, const std::string& out_path) {
  traces::check_plot_path(out_path);  // a bad name fails before any work
  const traces::TempDir tmp;
  const std::string data = tmp.file("placement.dat");
  int max_row = m.hw.chip.accumulator_row, max_col = m.hw.chip.accumulator_col;
  std::vector<int> placed;  // indices of layers that hold tiles
  {
    std::ostringstream out;
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const mapping::LayerMapping& l = m.layers[i];
      if (l.tile_pos.empty()) continue;
      const int color = static_cast<int>(placed.size());
      placed.push_back(static_cast<int>(i));
      for (const mapping::MeshPos& p : l.tile_pos) {
        out << p.col << " " << p.row << " " << color << " "
            << (std::count(l.aggregations.begin(), l.aggregations.end(), p) ? 1 : 0) << "\n";
        max_row = std::max(max_row, p.row);
        max_col = std::max(max_col, p.col);
      }
    }
    traces::write_file(data, out.str());
  }
  const int rows = std::min(m.hw.chip.mesh_rows, max_row + 2), cols = std::min(m.hw.chip.mesh_cols, max_col + 2);
  std::ostringstream gp;
  gp << "set title "
     << traces::gnuplot_string(m.network + " on " + m.hw.name + ": " + std::to_string(m.tiles) + " tiles, placement " +
                               m.hw.chip.placement + " (dot: aggregation tile, A: global accumulator)")
     << " noenhanced\n"
     << "set xlabel 'mesh column'\nset ylabel 'mesh row'\nset size ratio -1\n"
     << "set xrange [-0.5:" << cols - 0.5 << "]\nset yrange [" << rows - 0.5 << ":-0.5]\n"
     << "set cbrange [-0.5:" << placed.size() - 0.5 << "]\nset cblabel 'layer'\n";
  // One colour per layer, all distinct however many layers there are.
  gp << "set palette maxcolors " << std::max<size_t>(1, placed.size()) << "\nset palette defined (";
  for (size_t c = 0; c < std::max<size_t>(1, placed.size()); ++c)
    gp << (c ? ", " : "") << c << " '" << layer_color(c) << "'";
  if (placed.size() == 1) gp << ", 1 '" << layer_color(0) << "'";
  gp << ")\n";
  // Name the layers on the colour bar (every k-th when there are many).
  const size_t step = std::max<size_t>(1, placed.size() / 24);
  gp << "set cbtics (";
  for (size_t c = 0; c < placed.size(); c += step)
    gp << (c ? ", " : "") << traces::gnuplot_string(m.layers[static_cast<size_t>(placed[c])].layer.name()) << " " << c;
  gp << ") font ',8' noenhanced\n"
     << "set label 1 'A' at " << m.hw.chip.accumulator_col << "," << m.hw.chip.accumulator_row
     << " center front font ',14' textcolor rgb 'black'\n"
     << "set object 1 rectangle center " << m.hw.chip.accumulator_col << "," << m.hw.chip.accumulator_row
     << " size 0.9,0.9 fillstyle empty border lc rgb 'black' lw 2 front\n"
     << "plot " << traces::gnuplot_string(data)
     << " using 1:2:(0.45):(0.45):3 with boxxyerror fillstyle solid 0.9 noborder lc palette notitle, \\\n"
     << "     '' using 1:($4 > 0 ? $2 : 1/0) with points pt 7 ps 0.6 lc rgb 'black' notitle\n";
  traces::render_plot(out_path, 900, 820, gp.str());
}

}  // namespace imc::cli
