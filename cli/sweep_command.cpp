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
#include "cli/interrupt.h"
#include "cli/sweep_plots.h"
#include "cli/table.h"
#include "configs/builtin_configs.h"
#include "configs/registry.h"
#include "configs/sweep_config.h"
#include "explore/study/run_directory.h"
#include "explore/sweep/sweep_runner.h"
#include "traces/csv_writer.h"
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
  std::string resume;
  int jobs = 1;
  bool accept_changed_inputs = false;
};

void write_sweep_csv(const fs::path& path, const config::SweepConfig& cfg,
                     const std::vector<explore::SweepResult>& rs) {
  traces::CsvTable t;
  t.comments = {
      "imcnas sweep " + cfg.name + ", level " + cfg.level + ", hardware " + cfg.hw_config + ", schema imcnas.sweep.v1",
      "one row per (network, hardware point); metrics have their units in their names; infeasible "
      "points have a reason and no metrics"};
  t.header = {"network"};
  for (const config::HardwareDimension& a : cfg.axes) t.header.push_back(a.key);
  t.header.insert(t.header.end(), {"feasible", "reason"});
  for (const std::string& m : config::sweep_metric_names()) t.header.push_back(m);
  for (const explore::SweepResult& r : rs) {
    std::vector<std::string> row{r.network};
    for (const config::Override& o : r.point) row.push_back(o.value_text);
    row.push_back(r.feasible ? "1" : "0");
    row.push_back(r.reason);
    for (const std::string& m : config::sweep_metric_names()) {
      auto it = r.metrics.find(m);
      row.push_back(it == r.metrics.end() ? "" : traces::csv_number(it->second));
    }
    t.rows.push_back(std::move(row));
  }
  traces::write_csv(path.string(), t);
}

nlohmann::json to_json(const config::SweepConfig& cfg, const std::vector<explore::SweepResult>& rs,
                       const std::string& run_dir) {
  nlohmann::json points = nlohmann::json::array();
  for (const explore::SweepResult& r : rs) {
    nlohmann::json point = nlohmann::json::object();
    for (const config::Override& o : r.point) point[o.key_path] = o.value_text;
    points.push_back({{"network", r.network},
                      {"hardware", point},
                      {"feasible", r.feasible},
                      {"failed", explore::evaluation_failed(r)},
                      {"reason", r.reason},
                      {"metrics", r.metrics}});
  }
  return {{"schema", "imcnas.sweep.v1"},
          {"name", cfg.name},
          {"level", cfg.level},
          {"run_dir", run_dir},
          {"points", points}};
}

/// The sweep to run: a new one under runs/NAME, or the one being resumed.
struct SweepRun {
  explore::RunDirectory run;  ///< first member: its lock is held until everything else is closed
  config::SweepConfig cfg;
  fs::path dir;
  std::unique_ptr<explore::SweepEvaluator> evaluator;
  explore::SweepDb db;
  bool resumed = false;
};

SweepRun open_sweep(const Options& o) {
  if (!o.resume.empty()) {
    if (!o.config.empty() || !o.sets.empty() || !o.name.empty())
      throw std::invalid_argument("--resume continues a sweep as it was started: give no config, --set or --name");
    const fs::path dir = o.resume;
    explore::RunDirectory run = explore::RunDirectory::resume(o.resume, explore::RunKind::Sweep);
    const std::string db_path = run.database();
    explore::SweepDb db = explore::SweepDb::open(db_path);
    config::SweepConfig cfg = config::parse_sweep_config(db.meta().config_text, db.meta().config_path,
                                                         config::parse_overrides(db.meta().overrides));
    auto evaluator = std::make_unique<explore::SweepEvaluator>(cfg);
    if (evaluator->size() != db.meta().total_points)
      throw explore::StudyError(db_path + ": the sweep had " + std::to_string(db.meta().total_points) +
                                " points, its config now gives " + std::to_string(evaluator->size()) +
                                " (a network or hardware file it names has changed)");
    const std::vector<explore::InputFingerprint> inputs = explore::sweep_inputs(cfg);
    if (auto note = explore::check_resume_inputs(db.inputs(), inputs, o.resume, o.accept_changed_inputs)) {
      std::cerr << "note: " << *note << "\n";
      db.record_inputs(inputs);
    }
    return {std::move(run), std::move(cfg), dir, std::move(evaluator), std::move(db), true};
  }
  if (o.config.empty()) throw std::invalid_argument("sweep: give a sweep config, or --resume runs/NAME");
  config::SweepConfig cfg = config::load_sweep_config(o.config, config::parse_overrides(o.sets));
  if (!o.name.empty()) {
    if (auto problem = config::run_name_problem(o.name)) throw std::invalid_argument("--name " + *problem);
    cfg.name = o.name;
  }
  // Everything is checked (axis keys, the base hardware, the networks, the design's size)
  // before anything is created.
  auto evaluator = std::make_unique<explore::SweepEvaluator>(cfg);
  explore::RunDirectory run = explore::RunDirectory::create(o.runs_dir, cfg.name, explore::RunKind::Sweep);
  const fs::path dir = run.path();
  traces::write_file(run.file("config.toml"), cfg.text);
  explore::SweepMeta meta;
  meta.name = cfg.name;
  meta.config_text = cfg.text;
  meta.config_path = fs::absolute(o.config).string();
  meta.overrides = o.sets;
  if (!o.name.empty()) meta.overrides.push_back("sweep.name=" + o.name);
  meta.total_points = evaluator->size();
  explore::SweepDb db = explore::SweepDb::create(run.database(), meta);
  db.record_inputs(explore::sweep_inputs(cfg));
  return {std::move(run), std::move(cfg), dir, std::move(evaluator), std::move(db), false};
}

/// A progress bar with an ETA on a terminal; about 20 plain lines otherwise.
class SweepProgress {
 public:
  SweepProgress(size_t done, size_t total)
      : m_tty(isatty(STDERR_FILENO) != 0), m_first(done), m_done(done), m_total(total) {}
  void advance() {
    ++m_done;
    const double s = seconds();
    const double eta_s = s / double(m_done - m_first) * double(m_total - m_done);
    if (m_tty) {
      if (m_done != m_total && s - m_shown_s < 0.1) return;
      m_shown_s = s;
      const int width = 30;
      const int filled = int(width * m_done / std::max<size_t>(m_total, 1));
      std::cerr << "\r\033[K[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << m_done << "/"
                << m_total << " points, " << fixed(s, 1) << " s, ETA " << fixed(eta_s, 1) << " s" << std::flush;
    } else if (m_done == m_total || m_done % std::max<size_t>(1, m_total / 20) == 0) {
      std::cerr << "sweep: " << m_done << "/" << m_total << " points, " << fixed(s, 1) << " s, ETA " << fixed(eta_s, 1)
                << " s\n";
    }
  }
  void finish() const {
    if (m_tty) std::cerr << "\n";
  }
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count(); }
  size_t evaluated() const { return m_done - m_first; }

 private:
  bool m_tty;
  size_t m_first, m_done, m_total;
  double m_shown_s = -1;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

void run(const Options& o) {
  SweepRun sweep = open_sweep(o);
  const config::SweepConfig& cfg = sweep.cfg;
  const fs::path& dir = sweep.dir;
  explore::SweepRunOptions options;
  options.jobs = o.jobs;
  for (const explore::SweepResult& r : sweep.db.results())
    if (!explore::evaluation_failed(r)) options.skip.insert(r.index);  // a failed point is evaluated again
  const size_t total = static_cast<size_t>(sweep.evaluator->size());
  std::cerr << "sweep " << cfg.name << ": " << cfg.networks.size() << " network(s), " << total << " points, level "
            << cfg.level << ", " << o.jobs << " job(s), run directory " << dir.string() << "\n";
  if (sweep.resumed) std::cerr << "resuming: " << options.skip.size() << " of " << total << " points already done\n";

  // Results are committed in batches: at most half a second of work is evaluated again after a kill.
  std::vector<explore::SweepResult> pending;
  auto last_commit = std::chrono::steady_clock::now();
  auto commit = [&] {
    sweep.db.record(pending);
    pending.clear();
    last_commit = std::chrono::steady_clock::now();
  };
  SweepProgress progress(options.skip.size(), total);
  const InterruptScope interrupts;
  options.stop = &stop_requested();
  size_t left = 0;
  try {
    left = explore::run_sweep(*sweep.evaluator, options, [&](const explore::SweepResult& r) {
      pending.push_back(r);
      if (pending.size() >= 1024 || std::chrono::steady_clock::now() - last_commit > std::chrono::milliseconds(500))
        commit();
      progress.advance();
    });
  } catch (...) {
    commit();  // keep what is finished
    throw;
  }
  commit();
  progress.finish();
  const double seconds = progress.seconds();
  if (left > 0 || stop_requested())
    throw std::runtime_error("sweep interrupted: " + std::to_string(total - left) + " of " + std::to_string(total) +
                             " points are in " + (dir / "sweep.db").string() +
                             "; continue with imcnas sweep --resume " + dir.string());

  const std::vector<explore::SweepResult> results = sweep.db.results();
  write_sweep_csv(dir / "sweep.csv", cfg, results);
  std::vector<std::string> written{(dir / "config.toml").string(), (dir / "sweep.db").string(),
                                   (dir / "sweep.csv").string()};
  size_t feasible = 0, failed = 0;
  const explore::SweepResult* first_failed = nullptr;
  for (const explore::SweepResult& r : results) {
    feasible += r.feasible;
    if (explore::evaluation_failed(r)) {
      if (!failed++) first_failed = &r;
    }
  }
  if (!o.no_plots && feasible > 0) write_sweep_plots(dir / "plots", cfg, results, written);
  if (o.json) {
    std::cout << to_json(cfg, results, dir.string()).dump(2) << "\n";
  } else {
    std::cout << "sweep " << cfg.name << ": " << results.size() << " points (" << feasible << " feasible, "
              << results.size() - feasible - failed << " infeasible, " << failed << " failed); " << progress.evaluated()
              << " evaluated in " << fixed(seconds, 2) << " s ("
              << fixed(progress.evaluated() / std::max(seconds, 1e-9), 0) << " points/s)\n";
    for (const std::string& f : written) std::cout << "wrote " << f << "\n";
  }
  if (first_failed)
    throw std::runtime_error(std::to_string(failed) + " point(s) of the sweep failed to evaluate (a software fault, " +
                             "not a property of the hardware; first: " + first_failed->network + ": " +
                             first_failed->reason + "); the other points are in " + (dir / "sweep.csv").string() +
                             "; imcnas sweep --resume " + dir.string() + " evaluates the failed ones again");
  if (feasible == 0)
    throw std::runtime_error("every point of the sweep is infeasible; the reasons are in " +
                             (dir / "sweep.csv").string() + " (first: " + results.front().reason + ")");
}

}  // namespace

void register_sweep_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sweep", "what-if study of hardware parameters, without training");
  cmd->add_option("config", o->config,
                  "sweep TOML, or the name of a shipped one (" +
                      config::joined_names(shipped_names(config::sweep_presets())) + "; docs/sweep.md)");
  cmd->add_option("--resume", o->resume, "continue the sweep in this run directory (runs/NAME)");
  cmd->add_flag("--accept-changed-inputs", o->accept_changed_inputs,
                "resume even though the hardware config or a network file changed since the sweep began (its "
                "points then mix two setups)");
  cmd->add_option("--jobs", o->jobs, "worker processes that evaluate points (default 1: this process)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--set", o->sets, "override a sweep config key (repeatable)");
  cmd->add_option("--name", o->name, "run directory name under --runs-dir (default: the config's sweep.name)");
  cmd->add_option("--runs-dir", o->runs_dir, "where run directories go");
  cmd->add_flag("--json", o->json, "print every point as JSON (schema imcnas.sweep.v1, docs/json.md)");
  cmd->add_flag("--no-plots", o->no_plots, "skip the gnuplot plots");
  cmd->callback([o] { run(*o); });
}

}  // namespace imc::cli
