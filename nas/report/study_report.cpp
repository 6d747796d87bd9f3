// SPDX-License-Identifier: MIT
#include "nas/report/study_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "nas/objectives/objective.h"
#include "nas/objectives/objectives.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "nas/space/space_preset.h"
#include "nas/study/run_directory.h"
#include "traces/csv_writer.h"
#include "traces/gnuplot.h"
#include "traces/number_format.h"
#include "traces/output_file.h"

namespace imc::nas {
namespace {

namespace fs = std::filesystem;

using traces::csv_number;
using traces::fixed;

double metric_or_nan(const std::map<std::string, double>& metrics, const std::string& name) {
  auto it = metrics.find(name);
  return it == metrics.end() ? NAN : it->second;
}
double metric_or_nan(const TrialRecord& t, const std::string& name) { return metric_or_nan(t.metrics, name); }

/// Every metric name that occurs, the search vocabulary's order first.
std::vector<std::string> metric_columns(const std::vector<TrialRecord>& trials) {
  std::set<std::string> seen;
  for (const TrialRecord& t : trials)
    for (const auto& [k, v] : shown_metrics(t)) seen.insert(k);
  std::vector<std::string> out;
  for (const std::string& m : config::search_metric_names())
    if (seen.erase(m)) out.push_back(m);
  out.insert(out.end(), seen.begin(), seen.end());
  return out;
}

const std::vector<std::string> kStages{"sample", "build", "map", "simulate", "train", "total"};

void write_trials_csv(const fs::path& path, const config::SearchConfig& cfg, const SearchSpace& space,
                      const std::vector<TrialRecord>& trials) {
  const std::vector<std::string> metrics = metric_columns(trials);
  traces::CsvTable table;
  table.header = {"trial", "state", "architecture"};
  for (const ParamSpec& p : space.params()) table.header.push_back(p.name);
  table.header.push_back("fitness");
  table.header.insert(table.header.end(), metrics.begin(), metrics.end());
  for (const std::string& s : kStages) table.header.push_back(s + "_s");
  table.header.insert(table.header.end(), {"seed", "error", "worker"});
  for (const TrialRecord& t : trials) {
    std::vector<std::string> row{std::to_string(t.number), trial_state_name(t.state),
                                 architecture(cfg.space, t.params)};
    for (const ParamSpec& p : space.params()) {
      auto it = t.params.find(p.name);
      row.push_back(it == t.params.end() ? "" : space.value_text(p.name, it->second));
    }
    row.push_back(t.fitness ? csv_number(*t.fitness) : "");
    const std::map<std::string, double> shown = shown_metrics(t);
    for (const std::string& m : metrics) row.push_back(csv_number(metric_or_nan(shown, m)));
    for (const std::string& s : kStages) {
      auto it = t.stage_seconds.find(s);
      row.push_back(it == t.stage_seconds.end() ? "" : csv_number(it->second));
    }
    row.push_back(std::to_string(t.seed));
    row.push_back(t.error);
    row.push_back(t.worker);
    table.rows.push_back(std::move(row));
  }
  traces::write_csv(path.string(), table);
}

/// Indices (into trials) of the complete trials on the Pareto front of the report objectives.
std::vector<size_t> front_of(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials) {
  const std::vector<Objective> objectives = report_objectives(cfg.objective);
  std::vector<size_t> candidates;
  std::vector<Metrics> points;
  for (size_t i = 0; i < trials.size(); ++i) {
    if (trials[i].state != TrialState::Complete) continue;
    bool has_all = true;
    for (const Objective& o : objectives) has_all = has_all && trials[i].metrics.count(o.metric);
    if (!has_all) continue;
    candidates.push_back(i);
    points.push_back(trials[i].metrics);
  }
  std::vector<size_t> out;
  for (size_t k : pareto_front(points, objectives)) out.push_back(candidates[k]);
  return out;
}

void write_pareto_csv(const fs::path& path, const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                      const std::vector<size_t>& front) {
  const std::vector<Objective> objectives = report_objectives(cfg.objective);
  traces::CsvTable table;
  table.header = {"trial", "architecture"};
  for (const Objective& o : objectives) table.header.push_back(o.metric);
  table.header.push_back("fitness");
  for (size_t i : front) {
    const TrialRecord& t = trials[i];
    std::vector<std::string> row{std::to_string(t.number), architecture(cfg.space, t.params)};
    for (const Objective& o : objectives) row.push_back(csv_number(metric_or_nan(t, o.metric)));
    row.push_back(t.fitness ? csv_number(*t.fitness) : "");
    table.rows.push_back(std::move(row));
  }
  traces::write_csv(path.string(), table);
}

/// The cells of one row of Table II: FF, dataset, the architecture cells, accuracy (%),
/// latency (ms), energy (mJ).
std::vector<std::string> table_cells(const config::SearchConfig& cfg, const TrialRecord& t, const std::string& dataset,
                                     size_t arch_columns) {
  std::vector<std::string> cells = space_preset(cfg.space).cells(cfg.space, t.params);
  cells.resize(std::max(cells.size(), arch_columns));
  cells.insert(cells.begin(), {objective_name(cfg.objective), dataset});
  for (const std::string& v : {fixed(100 * metric_or_nan(t, "accuracy"), 2), fixed(metric_or_nan(t, "latency_ms"), 4),
                               fixed(metric_or_nan(t, "energy_mj"), 4)})
    cells.push_back(v);
  return cells;
}

/// A Markdown table cell: one line, its pipes escaped (a dataset named "a|b\nc" split the table).
std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : traces::one_line(text)) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

/// A number as best.md prints it: infinite and NaN values spelled out, not left blank.
std::string number_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return csv_number(v);
}

std::string table_row(const config::SearchConfig& cfg, const TrialRecord& t, const std::string& dataset,
                      size_t arch_columns) {
  std::vector<std::string> cells = table_cells(cfg, t, dataset, arch_columns);
  cells[cells.size() - 3] += " %";
  std::string row = "|";
  for (const std::string& c : cells) row += " " + markdown_cell(c) + " |";
  return row;
}

/// Text for a LaTeX table cell.
std::string latex(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string("&%$#_{}").find(c) != std::string::npos)
      out += std::string("\\") + c;
    else if (c == '~' || c == '^' || c == '\\')
      out += c == '~' ? "\\textasciitilde{}" : c == '^' ? "\\textasciicircum{}" : "\\textbackslash{}";
    else
      out += c;
  }
  return out;
}

/// best.tex: the best trials as a booktabs table in Table II's layout, units in the headers.
void write_best_tex(const fs::path& path, const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                    const std::vector<size_t>& rows, size_t columns, const std::string& dataset, const RunInfo& info) {
  std::ostringstream out;
  const std::string unit = objective_policy(cfg.objective).fitness_unit(cfg.objective);
  out << "% Search " << latex(cfg.name) << ", imcnas " << latex(info.version) << "; needs \\usepackage{booktabs}.\n";
  for (const std::string& o : info.overrides) out << "% --set " << o << "\n";
  out << "\\begin{tabular}{ll" << std::string(columns, 'l') << "rrrr}\n\\toprule\nFF & Dataset";
  for (const std::string& header : space_preset(cfg.space).headers(columns, false)) out << " & " << header;
  out << " & Accuracy (\\%) & Latency (ms) & Energy (mJ) & Fitness" << (unit.empty() ? "" : " (" + unit + ")")
      << " \\\\\n\\midrule\n";
  for (size_t i : rows) {
    const std::vector<std::string> cells = table_cells(cfg, trials[i], dataset, columns);
    for (size_t c = 0; c < cells.size(); ++c) out << (c ? " & " : "") << latex(cells[c]);
    out << " & " << (trials[i].fitness ? fixed(*trials[i].fitness, 4) : std::string("--")) << " \\\\\n";
  }
  out << "\\bottomrule\n\\end{tabular}\n";
  traces::write_file(path.string(), out.str());
}

/// The rows of best.md and best.tex: the Pareto front, or the best trial.
std::vector<size_t> best_rows(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                              const std::vector<size_t>& front) {
  if (!objective_policy(cfg.objective).scalar()) return front;
  if (auto best = best_trial(trials)) return {*best};
  return {};
}

/// Architecture columns of the table: the most cells of any row, at least the preset's minimum.
size_t arch_columns(const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                    const std::vector<size_t>& rows) {
  const SpacePreset& preset = space_preset(cfg.space);
  size_t columns = preset.min_columns();
  for (size_t i : rows) columns = std::max(columns, preset.cells(cfg.space, trials[i].params).size());
  return columns;
}

void write_best_md(const fs::path& path, const config::SearchConfig& cfg, const RunInfo& info,
                   const std::vector<TrialRecord>& trials, const std::vector<size_t>& rows,
                   const std::string& dataset) {
  std::ostringstream out;
  out << "# Search `" << cfg.name << "`: best model\n\n";
  if (rows.empty()) {
    out << "No trial has completed yet.\n";
  } else {
    const size_t columns = arch_columns(cfg, trials, rows);
    out << (objective_policy(cfg.objective).scalar() ? "The best trial" : "The Pareto front")
        << ", in the layout of Table II of Amin et al. (accuracy on the validation split, " << cfg.objective.accuracy
        << "; latency and energy of one inference on the simulated chip).\n\n";
    out << "| FF | Dataset |";
    for (const std::string& header : space_preset(cfg.space).headers(columns, true)) out << " " << header << " |";
    out << " Accuracy | Latency (ms) | Energy (mJ) |\n|---|---|";
    for (size_t c = 0; c < columns; ++c) out << "---|";
    out << "---|---|---|\n";
    for (size_t i : rows) out << table_row(cfg, trials[i], dataset, columns) << "\n";
    out << "\n";
    for (size_t i : rows) {
      const TrialRecord& t = trials[i];
      out << "Trial " << t.number << ": " << architecture(cfg.space, t.params);
      if (!cfg.space.hardware.empty()) out << " on " << hardware_text(hardware_overrides(cfg.space, t.params));
      if (t.fitness) out << ", fitness " << number_text(*t.fitness);
      out << "; area " << fixed(metric_or_nan(t, "area_mm2"), 3) << " mm2, "
          << csv_number(metric_or_nan(t, "crossbars")) << " crossbars, " << csv_number(metric_or_nan(t, "params"))
          << " parameters";
      if (t.metrics.count("accuracy_variation"))
        out << "; accuracy under variation " << fixed(100 * metric_or_nan(t, "accuracy_variation"), 2) << " %";
      out << ".\n";
      const std::string model = "models/trial-" + std::to_string(t.number);
      if (fs::exists(path.parent_path() / model / "net.onnx"))
        out << "Its trained model: `" << model << "/` (`net.toml`, `weights.pt`, `net.onnx`; docs/onnx.md).\n";
    }
  }
  const StudyStats s = study_stats(trials);
  out << "\n## Study\n\n"
      << "- Trials: " << trials.size() << " (" << s.complete << " complete, " << s.infeasible << " infeasible, "
      << s.failed << " failed, " << s.pruned << " pruned, " << s.abandoned << " abandoned)\n"
      << "- Sampler: " << cfg.sampler.name << ", seed " << cfg.seed << "; space " << cfg.space.preset << "\n"
      << "- Hardware: " << traces::one_line(cfg.hw_config) << "; dataset: " << traces::one_line(dataset) << "\n"
      << "- Architectures seen before and not retrained: " << s.cached << "\n"
      << "- Rejected by a hardware constraint before training: " << s.rejected_before_training
      << " trials, saving about " << fixed(s.training_saved_s, 1) << " s of training (mean training time "
      << fixed(s.mean_train_s, 1) << " s)\n"
      << "- Wall time of all trials: " << fixed(s.total_s, 1) << " s, of which " << fixed(s.overhead_s, 3) << " s ("
      << fixed(s.total_s > 0 ? 100 * s.overhead_s / s.total_s : 0, 3)
      << " %) outside mapping, simulation and training\n";
  out << "- Overrides:";
  if (info.overrides.empty()) out << " none";
  for (const std::string& o : info.overrides) out << " `--set " << o << "`";
  out << "\n- imcnas " << (info.version.empty() ? std::string("(version unknown)") : info.version) << "\n";
  traces::write_file(path.string(), out.str());
}

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

void write_plots(const fs::path& dir, const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                 const std::vector<size_t>& front, std::vector<std::string>& written) {
  fs::create_directories(dir);
  const std::optional<size_t> best = best_trial(trials);
  const fs::path data = dir / "trials.dat";
  {
    std::ostringstream out;
    out << "# trial accuracy_pct latency_ms energy_mj fitness best on_front\n";
    for (size_t i = 0; i < trials.size(); ++i) {
      const TrialRecord& t = trials[i];
      if (t.state != TrialState::Complete) continue;
      out << t.number << " " << 100 * metric_or_nan(t, "accuracy") << " " << metric_or_nan(t, "latency_ms") << " "
          << metric_or_nan(t, "energy_mj") << " " << (t.fitness ? *t.fitness : NAN) << " "
          << (best && *best == i ? 1 : 0) << " " << (std::count(front.begin(), front.end(), i) ? 1 : 0) << "\n";
    }
    traces::write_file(data.string(), out.str());
  }
  written.push_back(data.string());
  const std::string d = data_ref(data);
  const std::string title = cfg.name + " (" + objective_name(cfg.objective) + ")";
  const std::string common =
      "set grid\nset key bottom right\nset title " + traces::gnuplot_string(title) + " noenhanced\n";

  // Trials a constraint rejected have no accuracy (most were never trained): they sit on a line
  // below the lowest accuracy, at their latency and energy.
  double lowest_pct = INFINITY, highest_pct = -INFINITY;
  for (const TrialRecord& t : trials) {
    const double a = 100 * metric_or_nan(t, "accuracy");
    if (t.state == TrialState::Complete && std::isfinite(a)) {
      lowest_pct = std::min(lowest_pct, a);
      highest_pct = std::max(highest_pct, a);
    }
  }
  if (!std::isfinite(lowest_pct)) lowest_pct = highest_pct = 0;
  const double floor_pct = lowest_pct - 0.05 * std::max(1.0, highest_pct - lowest_pct);
  const fs::path infeasible_data = dir / "infeasible.dat";
  int infeasible = 0;
  {
    std::ostringstream out;
    out << "# trial latency_ms energy_mj plotted_at_accuracy_pct (infeasible trials)\n";
    for (const TrialRecord& t : trials) {
      if (t.state != TrialState::Infeasible || !std::isfinite(metric_or_nan(t, "latency_ms"))) continue;
      out << t.number << " " << metric_or_nan(t, "latency_ms") << " " << metric_or_nan(t, "energy_mj") << " "
          << floor_pct << "\n";
      ++infeasible;
    }
    traces::write_file(infeasible_data.string(), out.str());
  }
  written.push_back(infeasible_data.string());
  const std::vector<Constraint> limits = constraints(cfg, false);
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
    std::string body = blocks + common + "set xlabel '" + label + "'\nset ylabel 'accuracy (%)'\nplot " + d +
                       " using " + column + ":2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'trial', " + d +
                       " using ($6 > 0 ? $" + column +
                       " : 1/0):2 with points pt 3 ps 3 lw 2 lc rgb '#d62728' title 'best'";
    if (infeasible > 0) {
      body += ", " + data_ref(infeasible_data) + " using " + std::to_string(std::stoi(column) - 1) +
              ":4 with points pt 2 ps 1 lc rgb '#7f7f7f' title 'infeasible (not trained; no accuracy)'";
    }
    return body + lines + "\n";
  };
  plot_both(dir / "accuracy_vs_latency", scatter("3", "latency_ms", config::metric_label("latency_ms")), written);
  plot_both(dir / "accuracy_vs_energy", scatter("4", "energy_mj", config::metric_label("energy_mj")), written);

  // The front of the first two report objectives, drawn in the plane of those two.
  const std::vector<Objective> objectives = report_objectives(cfg.objective);
  const bool accuracy_plane = objective_policy(cfg.objective).scalar();
  const std::string x_metric = accuracy_plane ? "energy_mj" : objectives[0].metric;
  const std::string y_metric = accuracy_plane ? "accuracy" : objectives[1].metric;
  const fs::path front_data = dir / "pareto.dat";
  {
    std::ostringstream out;
    out << "# " << x_metric << " " << y_metric << " on_front\n";
    for (size_t i = 0; i < trials.size(); ++i)
      if (trials[i].state == TrialState::Complete)
        out << metric_or_nan(trials[i], x_metric) << " " << metric_or_nan(trials[i], y_metric) << " "
            << (std::count(front.begin(), front.end(), i) ? 1 : 0) << "\n";
    traces::write_file(front_data.string(), out.str());
  }
  written.push_back(front_data.string());
  const std::string f = data_ref(front_data);
  plot_both(dir / "pareto",
            common + "set xlabel " + traces::gnuplot_string(config::metric_label(x_metric)) +
                " noenhanced\nset ylabel " + traces::gnuplot_string(config::metric_label(y_metric)) +
                " noenhanced\nplot " + f + " using 1:2 with points pt 7 ps 0.7 lc rgb '#9fb8d0' title 'trial', " + f +
                " using ($3 > 0 ? $1 : 1/0):2 with points pt 7 ps 1.3 lc rgb '#d62728' title 'Pareto front (" +
                std::to_string(front.size()) + " trials)'\n",
            written);

  // Best fitness so far against the trial number (a Pareto search: best accuracy so far).
  const fs::path best_data = dir / "best_so_far.dat";
  {
    std::ostringstream out;
    double so_far = -INFINITY;
    for (const TrialRecord& t : trials) {
      const double v = accuracy_plane ? (t.fitness ? *t.fitness : -INFINITY)
                                      : (t.state == TrialState::Complete ? metric_or_nan(t, "accuracy") : -INFINITY);
      so_far = std::max(so_far, std::isnan(v) ? -INFINITY : v);
      if (std::isfinite(so_far)) out << t.number << " " << so_far << " " << (std::isfinite(v) ? v : NAN) << "\n";
    }
    traces::write_file(best_data.string(), out.str());
  }
  written.push_back(best_data.string());
  const std::string b = data_ref(best_data);
  const std::string y_label = accuracy_plane ? "fitness: " + objective_name(cfg.objective) : "accuracy";
  plot_both(dir / "best_so_far",
            common + "set key bottom right\nset xlabel 'trial'\nset ylabel " + traces::gnuplot_string(y_label) +
                " noenhanced\nplot " + b + " using 1:3 with points pt 7 ps 0.6 lc rgb '#9fb8d0' title 'trial', " + b +
                " using 1:2 with steps lw 2 lc rgb '#d62728' title 'best so far'\n",
            written);
  write_hardware_plots(dir, cfg, trials, best, common, written);
}

}  // namespace

std::string study_summary_json(const std::string& run_dir, const config::SearchConfig& cfg,
                               const std::vector<TrialRecord>& trials, const std::vector<std::string>& files) {
  const StudyStats s = study_stats(trials);
  nlohmann::json j = {{"schema", "imcnas.study.v1"},
                      {"name", cfg.name},
                      {"run_dir", run_dir},
                      {"trials", trials.size()},
                      {"complete", s.complete},
                      {"infeasible", s.infeasible},
                      {"failed", s.failed},
                      {"abandoned", s.abandoned},
                      {"pruned", s.pruned},
                      {"epochs_trained", s.epochs_trained},
                      {"running", s.running},
                      {"rejected_before_training", s.rejected_before_training},
                      {"not_retrained", s.cached},
                      {"trials_wall_s", s.total_s},
                      {"files", files},
                      {"best", nullptr}};
  if (auto best = best_trial(trials)) {
    const TrialRecord& t = trials[*best];
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [k, v] : t.metrics)
      if (std::isfinite(v)) metrics[k] = v;
    j["best"] = {{"trial", t.number},
                 {"architecture", architecture(cfg.space, t.params)},
                 {"fitness", *t.fitness},
                 {"metrics", metrics}};
  }
  return j.dump(2);
}

std::vector<std::string> write_report(const std::string& run_dir, const config::SearchConfig& cfg,
                                      const std::vector<TrialRecord>& trials, const std::string& dataset, bool plots,
                                      const RunInfo& info) {
  const fs::path dir(run_dir);
  fs::create_directories(dir);
  RunDirectory::refuse_planted(dir);  // never through a link, never into a FIFO
  const SearchSpace space = make_space(cfg.space);
  const std::vector<size_t> front = front_of(cfg, trials);
  std::vector<std::string> written;
  write_trials_csv(dir / "trials.csv", cfg, space, trials);
  written.push_back((dir / "trials.csv").string());
  const std::vector<size_t> rows = best_rows(cfg, trials, front);
  write_best_md(dir / "best.md", cfg, info, trials, rows, dataset);
  written.push_back((dir / "best.md").string());
  if (!rows.empty()) {
    write_best_tex(dir / "best.tex", cfg, trials, rows, arch_columns(cfg, trials, rows), dataset, info);
    written.push_back((dir / "best.tex").string());
  }
  write_pareto_csv(dir / "pareto.csv", cfg, trials, front);
  written.push_back((dir / "pareto.csv").string());
  const bool any_complete =
      std::any_of(trials.begin(), trials.end(), [](const TrialRecord& t) { return t.state == TrialState::Complete; });
  if (plots && any_complete) write_plots(dir / "plots", cfg, trials, front, written);  // nothing to draw otherwise
  return written;
}

}  // namespace imc::nas
