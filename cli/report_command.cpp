// SPDX-License-Identifier: MIT
// `imcnas report RUN`: regenerates a run directory's reports from its study database.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "configs/config_error.h"
#include "configs/data_config.h"
#include "explore/study/study_db.h"
#include "imcnas_version.h"
#include "nas/study/study_check.h"
#include "reports/study_report.h"

namespace imc::cli {
namespace {

struct Options {
  std::string run_dir;
  bool no_plots = false;
  bool json = false;
};

/// The dataset's name as the data config gives it (the files need not be on this machine).
std::string dataset_name(const config::SearchConfig& cfg) {
  try {
    return config::load_data_config(cfg.data_config).name;
  } catch (const config::ConfigError&) {
    return cfg.data_config;
  }
}

void run(const Options& o) {
  const std::string db_path = (std::filesystem::path(o.run_dir) / "study.db").string();
  const explore::StudyDb db = explore::StudyDb::open(db_path);
  const config::SearchConfig cfg = config::parse_search_config(db.meta().config_text, db.meta().config_path,
                                                               config::parse_overrides(db.meta().overrides));
  const std::vector<explore::TrialRecord> trials = db.trials();
  nas::check_study_trials(cfg, trials, db_path);
  const std::vector<std::string> files = reports::write_report(o.run_dir, cfg, trials, dataset_name(cfg), !o.no_plots,
                                                               {db.meta().overrides, IMCNAS_VERSION}, db.retrained());
  if (o.json) {
    std::cout << reports::study_summary_json(o.run_dir, cfg, trials, files) << "\n";
    return;
  }
  const explore::StudyStats s = explore::study_stats(trials);
  std::cout << cfg.name << ": " << trials.size() << " trials (" << s.complete << " complete, " << s.infeasible
            << " infeasible, " << s.failed << " failed, " << s.abandoned << " abandoned, " << s.running
            << " running)\n";
  for (const std::string& f : files) std::cout << "wrote " << f << "\n";
}

}  // namespace

void register_report_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("report", "regenerate trials.csv, best.md, pareto.csv and plots of a search run");
  cmd->add_option("run", o->run_dir, "run directory, e.g. runs/quickstart")->required();
  cmd->add_flag("--no-plots", o->no_plots, "skip the gnuplot plots");
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->callback([o] {
    try {
      run(*o);
    } catch (const explore::StudyError& e) {
      throw std::runtime_error(std::string("study error: ") + e.what());
    }
  });
}

}  // namespace imc::cli
