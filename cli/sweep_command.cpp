// SPDX-License-Identifier: MIT
// `imcnas sweep SWEEP.toml`: what-if studies of the hardware without training (docs/sweep.md).
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/table.h"
#include "configs/sweep_config.h"
#include "nas/study/run_lock.h"
#include "nas/sweep/sweep_runner.h"
#include "traces/csv_writer.h"
#include "traces/gnuplot.h"
#include "traces/output_file.h"

namespace imc::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string config;
  std::vector<std::string> sets;
  std::string name;
  std::string runs_dir = "runs";
  bool json = false;
  bool no_plots = false;
};

void write_sweep_csv(const fs::path& path, const config::SweepConfig& cfg, const std::vector<nas::SweepResult>& rs) {
  traces::CsvTable t;
  t.comments = {
      "imcnas sweep " + cfg.name + ", level " + cfg.level + ", hardware " + cfg.hw_config + ", schema imcnas.sweep.v1",
      "one row per (network, hardware point); metrics have their units in their names; infeasible "
      "points have a reason and no metrics"};
  t.header = {"network"};
  for (const config::HardwareDimension& a : cfg.axes) t.header.push_back(a.key);
  t.header.insert(t.header.end(), {"feasible", "reason"});
  for (const std::string& m : nas::sweep_metric_names()) t.header.push_back(m);
  for (const nas::SweepResult& r : rs) {
    std::vector<std::string> row{r.network};
    for (const config::Override& o : r.point) row.push_back(o.value_text);
    row.push_back(r.feasible ? "1" : "0");
    row.push_back(r.reason);
    for (const std::string& m : nas::sweep_metric_names()) {
      auto it = r.metrics.find(m);
      row.push_back(it == r.metrics.end() ? "" : traces::csv_number(it->second));
    }
    t.rows.push_back(std::move(row));
  }
  traces::write_csv(path.string(), t);
}

/// One plot per axis and metric: the metric against the axis value, one series per network
/// (every feasible point; with several axes, the other axes vary within a column).
void write_plots(const fs::path& dir, const config::SweepConfig& cfg, const std::vector<nas::SweepResult>& rs,
                 std::vector<std::string>& written) {
  fs::create_directories(dir);
  const traces::TempDir tmp;
  for (size_t a = 0; a < cfg.axes.size(); ++a) {
    // x: the value when every value of the axis is a number, else its index with the text as label.
    std::vector<std::string> labels;
    bool numeric = true;
    for (const nas::SweepResult& r : rs) {
      const std::string& v = r.point[a].value_text;
      if (std::find(labels.begin(), labels.end(), v) == labels.end()) labels.push_back(v);
      char* end = nullptr;
      std::strtod(v.c_str(), &end);
      numeric = numeric && end && *end == '\0';
    }
    for (const char* metric : {"latency_ms", "energy_mj", "area_mm2"}) {
      std::string plot = "plot ";
      for (size_t n = 0; n < cfg.networks.size(); ++n) {
        std::ostringstream data;
        for (const nas::SweepResult& r : rs) {
          if (!r.feasible || r.network != cfg.networks[n]) continue;
          const std::string& v = r.point[a].value_text;
          const double x = numeric ? std::strtod(v.c_str(), nullptr)
                                   : double(std::find(labels.begin(), labels.end(), v) - labels.begin());
          data << traces::csv_number(x) << " " << traces::csv_number(r.metrics.at(metric)) << "\n";
        }
        const std::string file = tmp.file("a" + std::to_string(a) + "_" + metric + "_" + std::to_string(n) + ".dat");
        traces::write_file(file, data.str());
        plot += std::string(n ? ", " : "") + traces::gnuplot_string(file) + " using 1:2 with linespoints pt 7 title " +
                traces::gnuplot_string(cfg.networks[n]);
      }
      std::string xtics;
      if (!numeric) {
        xtics = "set xtics (";
        for (size_t i = 0; i < labels.size(); ++i)
          xtics += (i ? ", " : "") + traces::gnuplot_string(labels[i]) + " " + std::to_string(i);
        xtics += ")\n";
      }
      const std::string out = (dir / (std::string(metric) + "_vs_" + cfg.axes[a].key + ".svg")).string();
      traces::render_plot(out, 800, 560,
                          "set grid\nset key outside right noenhanced\nset title " +
                              traces::gnuplot_string(cfg.name + ": " + metric + " against " + cfg.axes[a].key) +
                              " noenhanced\nset xlabel " + traces::gnuplot_string(cfg.axes[a].key) +
                              " noenhanced\nset ylabel " + traces::gnuplot_string(metric) + " noenhanced\n" + xtics +
                              plot + "\n");
      written.push_back(out);
    }
  }
}

nlohmann::json to_json(const config::SweepConfig& cfg, const std::vector<nas::SweepResult>& rs,
                       const std::string& run_dir) {
  nlohmann::json points = nlohmann::json::array();
  for (const nas::SweepResult& r : rs) {
    nlohmann::json point = nlohmann::json::object();
    for (const config::Override& o : r.point) point[o.key_path] = o.value_text;
    points.push_back({{"network", r.network},
                      {"hardware", point},
                      {"feasible", r.feasible},
                      {"reason", r.reason},
                      {"metrics", r.metrics}});
  }
  return {{"schema", "imcnas.sweep.v1"},
          {"name", cfg.name},
          {"level", cfg.level},
          {"run_dir", run_dir},
          {"points", points}};
}

void run(const Options& o) {
  config::SweepConfig cfg = config::load_sweep_config(o.config, config::parse_overrides(o.sets));
  if (!o.name.empty()) {
    if (auto problem = config::run_name_problem(o.name)) throw std::invalid_argument("--name " + *problem);
    cfg.name = o.name;
  }
  config::sweep_points(cfg);  // a grid beyond max_points is refused before anything is created
  const fs::path dir = fs::path(o.runs_dir) / cfg.name;
  if (fs::exists(dir / "sweep.csv"))
    throw std::invalid_argument(dir.string() + " already holds a sweep: choose another --name");
  fs::create_directories(dir);
  const nas::RunLock lock(dir.string());
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  std::cerr << "sweep " << cfg.name << ": " << cfg.networks.size() << " network(s), level " << cfg.level
            << ", run directory " << dir.string() << "\n";
  const std::vector<nas::SweepResult> results =
      nas::run_sweep(cfg, [&](size_t done, size_t total, const nas::SweepResult&) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double eta_s = s / done * (total - done);
        if (tty) {
          std::cerr << "\r\033[K[" << done << "/" << total << "] " << fixed(100.0 * done / total, 0) << " %, ETA "
                    << fixed(eta_s, 1) << " s" << std::flush;
        } else if (done == total || done % std::max<size_t>(1, total / 20) == 0) {
          std::cerr << "sweep: " << done << "/" << total << " points, " << fixed(s, 1) << " s\n";
        }
      });
  if (tty) std::cerr << "\n";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  traces::write_file((dir / "config.toml").string(), cfg.text);
  write_sweep_csv(dir / "sweep.csv", cfg, results);
  std::vector<std::string> written{(dir / "config.toml").string(), (dir / "sweep.csv").string()};
  size_t feasible = 0;
  for (const nas::SweepResult& r : results) feasible += r.feasible;
  if (!o.no_plots && feasible > 0) write_plots(dir / "plots", cfg, results, written);
  if (o.json) {
    std::cout << to_json(cfg, results, dir.string()).dump(2) << "\n";
  } else {
    std::cout << "sweep " << cfg.name << ": " << results.size() << " points (" << feasible << " feasible, "
              << results.size() - feasible << " infeasible) in " << fixed(seconds, 2) << " s ("
              << fixed(results.size() / std::max(seconds, 1e-9), 0) << " points/s)\n";
    for (const std::string& f : written) std::cout << "wrote " << f << "\n";
  }
  if (feasible == 0)
    throw std::runtime_error("every point of the sweep is infeasible; the reasons are in " +
                             (dir / "sweep.csv").string() + " (first: " + results.front().reason + ")");
}

}  // namespace

void register_sweep_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sweep", "what-if study of hardware parameters, without training");
  cmd->add_option("config", o->config, "sweep TOML, e.g. configs/sweeps/adc-xbar-resnet18.toml (docs/sweep.md)")
      ->required();
  cmd->add_option("--set", o->sets, "override a sweep config key (repeatable)");
  cmd->add_option("--name", o->name, "run directory name under --runs-dir (default: the config's sweep.name)");
  cmd->add_option("--runs-dir", o->runs_dir, "where run directories go");
  cmd->add_flag("--json", o->json, "print every point as JSON (schema imcnas.sweep.v1, docs/json.md)");
  cmd->add_flag("--no-plots", o->no_plots, "skip the gnuplot plots");
  cmd->callback([o] { run(*o); });
}

}  // namespace imc::cli
