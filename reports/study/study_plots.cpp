// SPDX-License-Identifier: MIT
// The study's gnuplot figures (plots/*.svg, .png, .pdf and their .gp scripts).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "nas/objectives/objective.h"
#include "nas/objectives/objectives.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "reports/study/study_parts.h"
#include "traces/csv_writer.h"
#include "traces/gnuplot.h"
#include "traces/number_format.h"
#include "traces/output_file.h"

namespace imc::reports::study {

namespace {

/// A data file of the plots directory, as the scripts name it: `dir` is set to the directory
/// when rendering and to '' in the kept .gp script (run from the plots directory).
std::string data_ref(const fs::path& data) { return "dir." + traces::gnuplot_string(data.filename().string()); }

/// Renders one gnuplot body to STEM.svg, STEM.png and STEM.pdf (for papers), and keeps the
/// script as STEM.gp next to its data, so a user can restyle the figure and render it again.
void plot_both(const fs::path& stem, const std::string& body, std::vector<std::string>& written) {
  const std::string rendered_dir = "dir = " + traces::gnuplot_string(stem.parent_path().string() + "/") + "\n";
  for (const char* ext : {".svg", ".png", ".pdf"}) {
    const std::string out = stem.string() + ext;
    traces::render_plot(out, 800, 600, rendered_dir + body);
    written.push_back(out);
  }
  const std::string name = stem.filename().string();
  const std::string script = stem.string() + ".gp";
  traces::write_file(script,
                     "# " + name + ".gp: the script of " + name + ".svg, .png and .pdf, written by imcnas.\n" +
                         "# Restyle it, then render it from this directory: gnuplot " + name + ".gp\n" +
                         "# (for PNG or PDF, change the terminal to pngcairo or pdfcairo and the output name).\n" +
                         traces::plot_script(name + ".svg", 800, 600, "dir = ''\n" + body));
  written.push_back(script);
}

/// A co-search: accuracy against each hardware dimension's value, every complete trial coloured
/// by its energy, the best one marked. Categorical values sit at their index, named on the axis.
void write_hardware_plots(const fs::path& dir, const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                          const std::optional<size_t>& best, const std::string& common,
                          std::vector<std::string>& written) {
  for (size_t k = 0; k < cfg.space.hardware.size(); ++k) {
    const config::HardwareDimension& dim = cfg.space.hardware[k];
    std::vector<std::string> labels;  // categorical values, in the order the space lists them
    for (const std::string& v : dim.values) labels.push_back(v);
    std::ostringstream out;
    out << "# trial " << dim.key << " accuracy_pct energy_mj best\n";
    for (size_t i = 0; i < trials.size(); ++i) {
      const TrialRecord& t = trials[i];
      if (t.state != TrialState::Complete) continue;
      const std::vector<config::Override> hw = hardware_overrides(cfg.space, t.params);
      const std::string& v = hw[k].value_text;
      const double x = labels.empty() ? std::strtod(v.c_str(), nullptr)
                                      : double(std::find(labels.begin(), labels.end(), v) - labels.begin());
      out << t.number << " " << x << " " << 100 * metric_or_nan(t, "accuracy") << " " << metric_or_nan(t, "energy_mj")
          << " " << (best && *best == i ? 1 : 0) << "\n";
    }
    const fs::path data = dir / ("hardware_" + dim.key + ".dat");
    traces::write_file(data.string(), out.str());
    written.push_back(data.string());
    std::string tics = "set offsets graph 0.05, graph 0.05, 0, 0\n";  // points off the frame
    if (!labels.empty()) {
      tics = "set xtics (";
      for (size_t i = 0; i < labels.size(); ++i)
        tics += (i ? ", " : "") + traces::gnuplot_string(labels[i]) + " " + std::to_string(i);
      tics += ")\nset xrange [-0.5:" + std::to_string(labels.size()) + "-0.5]\n";
    }
    const std::string d = data_ref(data);
    plot_both(dir / ("accuracy_vs_" + dim.key),
              common + tics + "set xlabel " + traces::gnuplot_string(dim.key) +
                  " noenhanced\nset ylabel 'accuracy (%)'\nset cblabel 'energy (mJ)'\nset palette rgb 33,13,10\nplot " +
                  d + " using 2:3:4 with points pt 7 ps 1 palette title 'trial (colour: energy)', " + d +
                  " using ($5 > 0 ? $2 : 1/0):3 with points pt 3 ps 3 lw 2 lc rgb 'black' title 'best'\n",
              written);
  }
}

}  // namespace

namespace {

/// What every plot of a study reads.
struct Plots {
  const fs::path& dir;
  const config::SearchConfig& cfg;
  const std::vector<TrialRecord>& trials;
  const std::vector<size_t>& front;
  std::optional<size_t> best;
  std::string common;  ///< grid, key and title
  std::vector<std::string>& written;

  bool on_front(size_t i) const { return std::count(front.begin(), front.end(), i) > 0; }
  /// Writes a data file of the plots directory and names it in `written`.
  fs::path data(const std::string& name, const std::string& text) const {
    const fs::path path = dir / name;
    traces::write_file(path.string(), text);
    written.push_back(path.string());
    return path;
  }
};

/// The trials' accuracy against latency and against energy, the best one marked; trials a
/// constraint rejected, and the constraints themselves, drawn too.
void write_accuracy_scatters(const Plots& p) {
  std::ostringstream table;
  table << "# trial accuracy_pct latency_ms energy_mj fitness best on_front\n";
  for (size_t i = 0; i < p.trials.size(); ++i) {
    const TrialRecord& t = p.trials[i];
    if (t.state != TrialState::Complete) continue;
    table << t.number << " " << 100 * metric_or_nan(t, "accuracy") << " " << metric_or_nan(t, "latency_ms") << " "
          << metric_or_nan(t, "energy_mj") << " " << (t.fitness ? *t.fitness : NAN) << " "
          << (p.best && *p.best == i ? 1 : 0) << " " << (p.on_front(i) ? 1 : 0) << "\n";
  }
  const std::string d = data_ref(p.data("trials.dat", table.str()));

  // Trials a constraint rejected have no accuracy (most were never trained): they sit on a line
  // below the lowest accuracy, at their latency and energy.
  double lowest_pct = INFINITY, highest_pct = -INFINITY;
  for (const TrialRecord& t : p.trials) {
    const double a = 100 * metric_or_nan(t, "accuracy");
    if (t.state == TrialState::Complete && std::isfinite(a)) {
      lowest_pct = std::min(lowest_pct, a);
      highest_pct = std::max(highest_pct, a);
    }
  }
  if (!std::isfinite(lowest_pct)) lowest_pct = highest_pct = 0;
  const double floor_pct = lowest_pct - 0.05 * std::max(1.0, highest_pct - lowest_pct);
  int infeasible = 0;
  std::ostringstream rejected;
  rejected << "# trial latency_ms energy_mj plotted_at_accuracy_pct (infeasible trials)\n";
  for (const TrialRecord& t : p.trials) {
    if (t.state != TrialState::Infeasible || !std::isfinite(metric_or_nan(t, "latency_ms"))) continue;
    rejected << t.number << " " << metric_or_nan(t, "latency_ms") << " " << metric_or_nan(t, "energy_mj") << " "
             << floor_pct << "\n";
    ++infeasible;
  }
  const fs::path infeasible_data = p.data("infeasible.dat", rejected.str());
  const std::vector<Constraint> limits = constraints(p.cfg, false);
  double y_low = floor_pct, y_high = highest_pct;  // what a vertical constraint line spans
  for (const Constraint& c : limits) {
    if (c.metric != "accuracy") continue;
    y_low = std::min(y_low, 100 * c.bound);
    y_high = std::max(y_high, 100 * c.bound);
  }
  // A constraint on the plotted metric is a dashed line at its bound, as inline data.
  auto limit_lines = [&](const std::string& x_metric) {
    std::string blocks, plots;
    for (size_t i = 0; i < limits.size(); ++i) {
      const Constraint& c = limits[i];
      if (c.metric != x_metric && c.metric != "accuracy") continue;
      const std::string name = "$limit" + std::to_string(i);
      if (c.metric == x_metric) {  // a vertical line across the accuracies drawn
        std::ostringstream block;
        block << c.bound << " " << y_low << "\n" << c.bound << " " << y_high << "\n";
        blocks += name + " << EOD\n" + block.str() + "EOD\n";
      }
      const std::string label =
          traces::gnuplot_string(c.metric + (c.upper ? " <= " : " >= ") + csv_number(c.bound) + " (constraint)");
      if (c.metric == x_metric) {
        plots += ", " + name + " using 1:2 with lines dt 2 lw 2 lc rgb '#555555' title " + label;
      } else {
        std::ostringstream y;
        y << 100 * c.bound;  // accuracy is plotted in %
        plots += ", " + y.str() + " with lines dt 3 lw 2 lc rgb '#555555' title " + label;
      }
    }
    return std::make_pair(blocks, plots);
  };
  auto scatter = [&](const std::string& column, const std::string& metric, const std::string& label) {
    const auto [blocks, lines] = limit_lines(metric);
    std::string body = blocks + p.common + "set xlabel '" + label + "'\nset ylabel 'accuracy (%)'\nplot " + d +
                       " using " + column + ":2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'trial', " + d +
                       " using ($6 > 0 ? $" + column +
                       " : 1/0):2 with points pt 3 ps 3 lw 2 lc rgb '#d62728' title 'best'";
    if (infeasible > 0) {
      body += ", " + data_ref(infeasible_data) + " using " + std::to_string(std::stoi(column) - 1) +
              ":4 with points pt 2 ps 1 lc rgb '#7f7f7f' title 'infeasible (not trained; no accuracy)'";
    }
    return body + lines + "\n";
  };
  plot_both(p.dir / "accuracy_vs_latency", scatter("3", "latency_ms", config::metric_label("latency_ms")), p.written);
  plot_both(p.dir / "accuracy_vs_energy", scatter("4", "energy_mj", config::metric_label("energy_mj")), p.written);
}

/// The front of the first two report objectives, drawn in the plane of those two.
void write_pareto_plot(const Plots& p) {
  const std::vector<Objective> objectives = report_objectives(p.cfg.objective);
  const bool accuracy_plane = objective_policy(p.cfg.objective).scalar();
  const std::string x_metric = accuracy_plane ? "energy_mj" : objectives[0].metric;
  const std::string y_metric = accuracy_plane ? "accuracy" : objectives[1].metric;
  std::ostringstream out;
  out << "# " << x_metric << " " << y_metric << " on_front\n";
  for (size_t i = 0; i < p.trials.size(); ++i)
    if (p.trials[i].state == TrialState::Complete)
      out << metric_or_nan(p.trials[i], x_metric) << " " << metric_or_nan(p.trials[i], y_metric) << " "
          << (p.on_front(i) ? 1 : 0) << "\n";
  const std::string f = data_ref(p.data("pareto.dat", out.str()));
  plot_both(p.dir / "pareto",
            p.common + "set xlabel " + traces::gnuplot_string(config::metric_label(x_metric)) +
                " noenhanced\nset ylabel " + traces::gnuplot_string(config::metric_label(y_metric)) +
                " noenhanced\nplot " + f + " using 1:2 with points pt 7 ps 0.7 lc rgb '#9fb8d0' title 'trial', " + f +
                " using ($3 > 0 ? $1 : 1/0):2 with points pt 7 ps 1.3 lc rgb '#d62728' title 'Pareto front (" +
                std::to_string(p.front.size()) + " trials)'\n",
            p.written);
}

/// Best fitness so far against the trial number (a Pareto search: best accuracy so far).
void write_best_so_far_plot(const Plots& p) {
  const bool accuracy_plane = objective_policy(p.cfg.objective).scalar();
  std::ostringstream out;
  double so_far = -INFINITY;
  for (const TrialRecord& t : p.trials) {
    const double v = accuracy_plane ? (t.fitness ? *t.fitness : -INFINITY)
                                    : (t.state == TrialState::Complete ? metric_or_nan(t, "accuracy") : -INFINITY);
    so_far = std::max(so_far, std::isnan(v) ? -INFINITY : v);
    if (std::isfinite(so_far)) out << t.number << " " << so_far << " " << (std::isfinite(v) ? v : NAN) << "\n";
  }
  const std::string b = data_ref(p.data("best_so_far.dat", out.str()));
  const std::string y_label = accuracy_plane ? "fitness: " + objective_name(p.cfg.objective) : "accuracy";
  plot_both(p.dir / "best_so_far",
            p.common + "set key bottom right\nset xlabel 'trial'\nset ylabel " + traces::gnuplot_string(y_label) +
                " noenhanced\nplot " + b + " using 1:3 with points pt 7 ps 0.6 lc rgb '#9fb8d0' title 'trial', " + b +
                " using 1:2 with steps lw 2 lc rgb '#d62728' title 'best so far'\n",
            p.written);
}

}  // namespace

void write_plots(const fs::path& dir, const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                 const std::vector<size_t>& front, std::vector<std::string>& written) {
  fs::create_directories(dir);
  const std::string title = cfg.name + " (" + objective_name(cfg.objective) + ")";
  const Plots p{dir,
                cfg,
                trials,
                front,
                best_trial(trials),
                "set grid\nset key bottom right\nset title " + traces::gnuplot_string(title) + " noenhanced\n",
                written};
  write_accuracy_scatters(p);
  write_pareto_plot(p);
  write_best_so_far_plot(p);
  write_hardware_plots(dir, cfg, trials, p.best, p.common, written);
}

}  // namespace imc::reports::study
