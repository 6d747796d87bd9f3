// SPDX-License-Identifier: MIT
#include "cli/sweep_plots.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "nas/objectives/objectives.h"
#include "traces/csv_writer.h"
#include "traces/gnuplot.h"
#include "traces/output_file.h"

namespace imc::cli {
namespace {

namespace fs = std::filesystem;

/// The values one axis takes in the results, in first-seen order, and whether all are numbers.
struct AxisValues {
  std::vector<std::string> labels;
  bool numeric = true;
  size_t position(const std::string& v) const {
    return size_t(std::find(labels.begin(), labels.end(), v) - labels.begin());
  }
  /// x of a value: the number itself, or its position with the text as a tic label.
  double x(const std::string& v) const { return numeric ? std::strtod(v.c_str(), nullptr) : double(position(v)); }
  /// `set xtics (...)` (or ytics) naming each position; empty for a numeric axis unless `always`.
  std::string tics(const char* axis, bool always) const {
    if (numeric && !always) return "";
    std::string t = std::string("set ") + axis + "tics (";
    for (size_t i = 0; i < labels.size(); ++i)
      t += (i ? ", " : "") + traces::gnuplot_string(labels[i]) + " " + std::to_string(i);
    return t + ")\n";
  }
};

AxisValues axis_values(const std::vector<explore::SweepResult>& rs, size_t axis) {
  AxisValues a;
  for (const explore::SweepResult& r : rs) {
    const std::string& v = r.point[axis].value_text;
    if (std::find(a.labels.begin(), a.labels.end(), v) == a.labels.end()) a.labels.push_back(v);
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    a.numeric = a.numeric && end && *end == '\0';
  }
  if (a.numeric)
    std::sort(a.labels.begin(), a.labels.end(), [](const std::string& l, const std::string& r) {
      return std::strtod(l.c_str(), nullptr) < std::strtod(r.c_str(), nullptr);
    });
  return a;
}

std::string header(const std::string& title, const std::string& xlabel, const std::string& ylabel) {
  return "set grid\nset key outside right noenhanced\nset title " + traces::gnuplot_string(title) +
         " noenhanced\nset xlabel " + traces::gnuplot_string(xlabel) + " noenhanced\nset ylabel " +
         traces::gnuplot_string(ylabel) + " noenhanced\n";
}

void line_plots(const fs::path& dir, const config::SweepConfig& cfg, const std::vector<explore::SweepResult>& rs,
                const traces::TempDir& tmp, std::vector<std::string>& written) {
  for (size_t a = 0; a < cfg.axes.size(); ++a) {
    const AxisValues axis = axis_values(rs, a);
    for (const char* metric : {"latency_ms", "energy_mj", "area_mm2"}) {
      std::string plot = "plot ";
      for (size_t n = 0; n < cfg.networks.size(); ++n) {
        std::ostringstream data;
        for (const explore::SweepResult& r : rs) {
          if (!r.feasible || r.network != cfg.networks[n]) continue;
          data << traces::csv_number(axis.x(r.point[a].value_text)) << " " << traces::csv_number(r.metrics.at(metric))
               << "\n";
        }
        const std::string file = tmp.file("a" + std::to_string(a) + "_" + metric + "_" + std::to_string(n) + ".dat");
        traces::write_file(file, data.str());
        plot += std::string(n ? ", " : "") + traces::gnuplot_string(file) + " using 1:2 with linespoints pt 7 title " +
                traces::gnuplot_string(cfg.networks[n]);
      }
      const std::string out = (dir / (std::string(metric) + "_vs_" + cfg.axes[a].key + ".svg")).string();
      traces::render_plot(out, 800, 560,
                          header(cfg.name + ": " + metric + " against " + cfg.axes[a].key, cfg.axes[a].key, metric) +
                              axis.tics("x", false) + plot + "\n");
      written.push_back(out);
    }
  }
}

/// For each pair of axes, each network and each of latency and energy: the metric on the grid of
/// the two axes (the best over any other axes), one cell per value pair, labelled with its value.
void heat_maps(const fs::path& dir, const config::SweepConfig& cfg, const std::vector<explore::SweepResult>& rs,
               const traces::TempDir& tmp, std::vector<std::string>& written) {
  for (size_t a = 0; a < cfg.axes.size(); ++a) {
    for (size_t b = a + 1; b < cfg.axes.size(); ++b) {
      const AxisValues xa = axis_values(rs, a), yb = axis_values(rs, b);
      for (size_t n = 0; n < cfg.networks.size(); ++n) {
        for (const char* metric : {"latency_ms", "energy_mj"}) {
          std::map<std::pair<size_t, size_t>, double> best;
          for (const explore::SweepResult& r : rs) {
            if (!r.feasible || r.network != cfg.networks[n]) continue;
            const auto cell = std::make_pair(xa.position(r.point[a].value_text), yb.position(r.point[b].value_text));
            const double v = r.metrics.at(metric);
            auto it = best.find(cell);
            if (it == best.end() || v < it->second) best[cell] = v;
          }
          if (best.empty()) continue;
          std::ostringstream data;
          for (size_t i = 0; i < xa.labels.size(); ++i) {
            for (size_t j = 0; j < yb.labels.size(); ++j) {
              auto it = best.find({i, j});
              data << i << " " << j << " " << (it == best.end() ? "NaN" : traces::csv_number(it->second)) << "\n";
            }
            data << "\n";
          }
          const std::string file = tmp.file("h" + std::to_string(a) + "_" + std::to_string(b) + "_" +
                                            std::to_string(n) + "_" + metric + ".dat");
          traces::write_file(file, data.str());
          const std::string suffix = cfg.networks.size() > 1 ? "_net" + std::to_string(n) : "";
          const std::string out = (dir / ("heatmap_" + std::string(metric) + "_" + cfg.axes[a].key + "_x_" +
                                          cfg.axes[b].key + suffix + ".svg"))
                                      .string();
          const std::string title = cfg.name + ", " + cfg.networks[n] + ": " + metric +
                                    (cfg.axes.size() > 2 ? " (best over the other axes)" : "");
          traces::render_plot(
              out, 800, 600,
              "unset grid\nset title " + traces::gnuplot_string(title) + " noenhanced\nset xlabel " +
                  traces::gnuplot_string(cfg.axes[a].key) + " noenhanced\nset ylabel " +
                  traces::gnuplot_string(cfg.axes[b].key) + " noenhanced\nset cblabel " +
                  traces::gnuplot_string(metric) + " noenhanced\nset palette rgb 33,13,10\nset xrange [-0.5:" +
                  std::to_string(xa.labels.size()) + "-0.5]\nset yrange [-0.5:" + std::to_string(yb.labels.size()) +
                  "-0.5]\n" + xa.tics("x", true) + yb.tics("y", true) + "plot " + traces::gnuplot_string(file) +
                  " using 1:2:3 with image notitle, '' using 1:2:(sprintf('%.4g', $3)) with labels notitle\n");
          written.push_back(out);
        }
      }
    }
  }
}

/// Every feasible point, energy against latency, coloured by area; the Pareto front of each
/// network (lower latency and lower energy) joined by a line.
void pareto_plot(const fs::path& dir, const config::SweepConfig& cfg, const std::vector<explore::SweepResult>& rs,
                 const traces::TempDir& tmp, std::vector<std::string>& written) {
  std::string plot = "plot ";
  for (size_t n = 0; n < cfg.networks.size(); ++n) {
    std::vector<nas::Metrics> points;
    std::ostringstream all;
    for (const explore::SweepResult& r : rs) {
      if (!r.feasible || r.network != cfg.networks[n]) continue;
      points.push_back(r.metrics);
      all << traces::csv_number(r.metrics.at("latency_ms")) << " " << traces::csv_number(r.metrics.at("energy_mj"))
          << " " << traces::csv_number(r.metrics.at("area_mm2")) << "\n";
    }
    if (points.empty()) continue;
    std::vector<size_t> front = nas::pareto_front(points, {{"latency_ms", true}, {"energy_mj", true}});
    std::sort(front.begin(), front.end(),
              [&](size_t l, size_t r) { return points[l].at("latency_ms") < points[r].at("latency_ms"); });
    std::ostringstream line;
    for (size_t i : front)
      line << traces::csv_number(points[i].at("latency_ms")) << " " << traces::csv_number(points[i].at("energy_mj"))
           << "\n";
    const std::string all_file = tmp.file("pareto_all_" + std::to_string(n) + ".dat");
    const std::string front_file = tmp.file("pareto_front_" + std::to_string(n) + ".dat");
    traces::write_file(all_file, all.str());
    traces::write_file(front_file, line.str());
    plot += std::string(plot == "plot " ? "" : ", ") + traces::gnuplot_string(all_file) +
            " using 1:2:3 with points pt " + std::to_string(7 + int(n % 6)) + " ps 0.8 palette title " +
            traces::gnuplot_string(cfg.networks[n]) + ", " + traces::gnuplot_string(front_file) +
            " using 1:2 with linespoints pt 6 ps 2 lw 2 lc rgb 'black' title " +
            traces::gnuplot_string("Pareto front, " + cfg.networks[n]);
  }
  if (plot == "plot ") return;
  const std::string out = (dir / "pareto_energy_vs_latency.svg").string();
  traces::render_plot(out, 860, 600,
                      header(cfg.name + ": energy against latency (colour: area)", "latency_ms", "energy_mj") +
                          "set cblabel 'area_mm2'\nset palette rgb 33,13,10\n" + plot + "\n");
  written.push_back(out);
}

}  // namespace

void write_sweep_plots(const fs::path& dir, const config::SweepConfig& cfg,
                       const std::vector<explore::SweepResult>& results, std::vector<std::string>& written) {
  fs::create_directories(dir);
  const traces::TempDir tmp;
  line_plots(dir, cfg, results, tmp, written);
  heat_maps(dir, cfg, results, tmp, written);
  pareto_plot(dir, cfg, results, tmp, written);
}

}  // namespace imc::cli
