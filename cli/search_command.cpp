// SPDX-License-Identifier: MIT
// `imcnas search CONFIG` and `imcnas search --resume runs/NAME`: the main job.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/search_data.h"
#include "cli/search_progress.h"
#include "cli/table.h"
#include "configs/builtin_configs.h"
#include "configs/data_config.h"
#include "configs/hw_config.h"
#include "configs/registry.h"
#include "explore/study/run_directory.h"
#include "imcnas_version.h"
#include "nas/parallel/mpi_dispatcher.h"
#include "nas/search/hardware_model.h"
#include "nas/search/retraining.h"
#include "nas/search/scoring.h"
#include "nas/search/search_runner.h"
#include "nas/search/trial_dispatcher.h"
#include "nas/study/study_check.h"
#include "nas/train/search_training.h"
#include "nas/train/threads.h"
#include "nas/train/trial_scorers.h"
#include "reports/study_report.h"
#include "traces/output_file.h"

namespace imc::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string config;
  std::string name;
  std::vector<std::string> sets;
  std::string resume;
  std::string runs_dir = "runs";
  int trials = 0;  ///< 0: the config's
  bool no_plots = false;
  bool json = false;
  int workers = 1;
  bool accept_changed_inputs = false;
  double rank_timeout_s = 0;  ///< 0: the default below (MPI only)
};

/// How long an MPI rank may stay silent before the others take it for dead.
constexpr double kDefaultRankTimeout_s = 60;

/// The study to run: a new one under runs/NAME, or the one being resumed.
struct Study {
  explore::RunDirectory run;  ///< first member: its lock is held until everything else is closed
  config::SearchConfig cfg;
  std::string run_dir;
  explore::StudyDb db;
};

Study open_study(const Options& o) {
  if (!o.resume.empty()) {
    explore::RunDirectory run = explore::RunDirectory::resume(o.resume, explore::RunKind::Search);
    explore::StudyDb db = explore::StudyDb::open(run.database());
    config::SearchConfig cfg = config::parse_search_config(db.meta().config_text, db.meta().config_path,
                                                           config::parse_overrides(db.meta().overrides));
    if (o.trials) cfg.trials = o.trials;
    nas::check_study_trials(cfg, db.trials(), db.path());
    const std::vector<explore::InputFingerprint> inputs = explore::search_inputs(cfg);
    if (auto note = explore::check_resume_inputs(db.inputs(), inputs, o.resume, o.accept_changed_inputs)) {
      std::cerr << "note: " << *note << "\n";
      db.record_inputs(inputs);
    }
    return {std::move(run), cfg, o.resume, std::move(db)};
  }
  if (o.config.empty()) throw std::invalid_argument("search: give a search config, or --resume runs/NAME");
  config::SearchConfig cfg = config::load_search_config(o.config, config::parse_overrides(o.sets));
  if (!o.name.empty()) {
    if (auto problem = config::run_name_problem(o.name)) throw std::invalid_argument("--name " + *problem);
    cfg.name = o.name;
  }
  if (o.trials) cfg.trials = o.trials;
  // Everything the study will need is checked before anything is created.
  config::load_hw_config(cfg.hw_config, config::parse_overrides(cfg.hw_sets));
  config::check_hardware_dimensions(cfg.space, config::read_hw_config_text(cfg.hw_config), cfg.hw_config, cfg.hw_sets);
  for (const std::string& w : config::search_config_warnings(cfg)) std::cerr << "warning: " << w << "\n";
  config::load_data_config(cfg.data_config);
  explore::RunDirectory run = explore::RunDirectory::create(o.runs_dir, cfg.name, explore::RunKind::Search);
  const fs::path dir = run.path();
  explore::StudyMeta meta;
  meta.name = cfg.name;
  meta.config_text = cfg.text;
  meta.config_path = fs::absolute(o.config).string();
  meta.overrides = o.sets;
  if (!o.name.empty()) meta.overrides.push_back("study.name=" + o.name);
  if (o.trials) meta.overrides.push_back("study.trials=" + std::to_string(o.trials));
  traces::write_file(run.file("config.toml"), config::effective_search_config_text(cfg, meta.overrides, "study.db"));
  meta.sampler = cfg.sampler.name;
  meta.seed = cfg.seed;
  explore::StudyDb db = explore::StudyDb::create(run.database(), meta);
  db.record_inputs(explore::search_inputs(cfg));
  return {std::move(run), cfg, dir.string(), std::move(db)};
}

/// A worker's evaluation, built inside the worker (a process or an MPI rank): its threads, its
/// chip, its training.
nas::EvaluateFn worker_evaluation(const config::SearchConfig& cfg, const config::HwConfig& hw,
                                  const nas::DataSplits& data, int threads, std::function<bool()> should_stop) {
  nas::configure_worker_threads(threads);
  const workloads::Shape input{data.train.height, data.train.width, data.train.channels, false};
  auto hardware = std::make_shared<nas::HardwareModel>(hw, cfg.batch);
  auto evaluator = std::make_shared<nas::TrialEvaluator>(
      cfg, *hardware, nas::trial_scorer(cfg, data, std::move(should_stop)), input, data.train.classes);
  return [hardware, evaluator, threads](nas::TrialPoint point) {
    static const std::atomic<bool> never{false};  // training polls its own stop function
    point.fidelity.threads = threads;             // this worker's share of its machine
    return evaluator->evaluate(point, never);
  };
}

/// Threads per worker: the config's, or the cores shared by the workers on this machine.
int worker_threads(const config::SearchConfig& cfg, int workers_here) {
  if (cfg.train.threads > 0) return cfg.train.threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / std::max(1, workers_here));
}

/// Elaborates the chip and runs the trials the study still lacks on `data`: in this process,
/// in `workers` worker processes, or on the MPI ranks.
nas::SearchSummary search_trials(Study& study, const nas::DataSplits& data, int workers, nas::MpiSession* mpi) {
  const config::SearchConfig& cfg = study.cfg;
  const config::HwConfig hw = config::load_hw_config(cfg.hw_config, config::parse_overrides(cfg.hw_sets));
  const workloads::Shape input{data.train.height, data.train.width, data.train.channels, false};

  const InterruptScope interrupts;
  SearchProgressPrinter printer(std::cerr, isatty(STDERR_FILENO) != 0, cfg);
  auto show = [&](const nas::SearchProgress& p) { printer(p); };
  nas::SearchSummary s;
  // Trials save their trained models; the best one stays (docs/search.md, "Outputs").
  const std::string models_dir = fs::absolute(fs::path(study.run_dir) / "models").string();
  if (mpi && mpi->size() > 1) {
    // The evaluator ranks load the same data and build their own chips (serve_rank).
    std::cerr << mpi->size() - 1 << " MPI evaluator ranks\n";
    nas::MpiDispatcher dispatcher(*mpi);
    nas::SearchRunner runner(cfg, study.db);
    runner.save_best_model_in(models_dir);
    s = runner.run(stop_requested(), show, dispatcher);
  } else if (workers == 1) {
    nas::HardwareModel hardware(hw, cfg.batch);
    const nas::TrialEvaluator evaluator(
        cfg, hardware, nas::trial_scorer(cfg, data, [] { return stop_requested().load(); }), input, data.train.classes);
    nas::SearchRunner runner(cfg, study.db);
    runner.save_best_model_in(models_dir);
    s = runner.run(stop_requested(), show, evaluator);
  } else {
    // Each worker gets its share of the cores, elaborates its own chip and starts its own
    // LibTorch threads; this process only asks, records and reports (docs/search.md).
    config::SearchConfig shared = cfg;
    shared.train.threads = worker_threads(cfg, workers);
    std::cerr << workers << " worker processes, " << shared.train.threads << " LibTorch thread(s) each\n";
    // The search stops a worker process by ending it: training needs no stop function.
    nas::ProcessDispatcher dispatcher(workers, [&]() -> nas::EvaluateFn {
      return worker_evaluation(shared, hw, data, shared.train.threads, [] { return false; });
    });
    nas::SearchRunner runner(shared, study.db);
    runner.save_best_model_in(models_dir);
    s = runner.run(stop_requested(), show, dispatcher);
  }
  printer.finish();
  return s;
}

/// An MPI evaluator rank: the config rank 0 runs (from the file, or from the study being
/// resumed; the run directory is rank 0's), the same data and hardware, then trials until rank 0
/// says stop. Training stops early when it does.
void serve_rank(const Options& o, nas::MpiSession& mpi) {
  config::SearchConfig cfg;
  if (!o.resume.empty()) {
    const explore::StudyDb db = explore::StudyDb::open((fs::path(o.resume) / "study.db").string());
    cfg = config::parse_search_config(db.meta().config_text, db.meta().config_path,
                                      config::parse_overrides(db.meta().overrides));
  } else {
    cfg = config::load_search_config(o.config, config::parse_overrides(o.sets));
  }
  const config::HwConfig hw = config::load_hw_config(cfg.hw_config, config::parse_overrides(cfg.hw_sets));
  const nas::DataSplits data = search_data(cfg, config::load_data_config(cfg.data_config));
  const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");  // ranks on this machine
  const int threads = worker_threads(cfg, local ? std::atoi(local) : 1);
  nas::serve_mpi_trials(mpi, worker_evaluation(cfg, hw, data, threads, [&mpi] { return nas::mpi_stop_pending(mpi); }));
}

/// A one-shot search's best trials trained again from scratch on `data`
/// (nas/search/retraining.h), in this process; false when it was interrupted.
bool retrain_best(Study& study, const nas::DataSplits& data) {
  const config::SearchConfig& cfg = study.cfg;
  const config::HwConfig hw = config::load_hw_config(cfg.hw_config, config::parse_overrides(cfg.hw_sets));
  const workloads::Shape input{data.train.height, data.train.width, data.train.channels, false};
  nas::HardwareModel hardware(hw, cfg.batch);
  const InterruptScope interrupts;
  const nas::TrialEvaluator trainer(cfg, hardware, nas::make_train_fn(data, [] { return stop_requested().load(); }),
                                    input, data.train.classes);
  std::cerr << "retraining the best " << cfg.supernet.retrain_top << " trial(s) from scratch, "
            << cfg.supernet.retrain_seeds << " seed(s) each\n";
  nas::retrain_best(cfg, study.db, trainer, stop_requested(),
                    [&](const explore::RetrainRecord& r, const explore::TrialRecord& trial, const std::string& arch) {
                      std::cerr << "  trial " << r.trial << " (" << arch << "), seed " << r.seed << ": ";
                      if (!r.error.empty()) {
                        std::cerr << "failed: " << r.error << "\n";
                        return;
                      }
                      std::cerr << "accuracy " << fixed(100 * r.metrics.at("accuracy"), 2) << " % (supernet "
                                << fixed(100 * trial.metrics.at("accuracy"), 2) << " %), fitness "
                                << fixed(*r.fitness, 4) << "\n";
                    });
  return !stop_requested();
}

void run_study(const Options& o, nas::MpiSession* mpi) {
  Study study = open_study(o);
  const config::SearchConfig& cfg = study.cfg;
  const config::DataConfig data_cfg = config::load_data_config(cfg.data_config);
  std::cerr << "search " << cfg.name << ": " << cfg.trials << " trials, sampler " << cfg.sampler.name << ", seed "
            << cfg.seed << ", space " << cfg.space.preset << ", objective " << nas::objective_name(cfg.objective)
            << "\nrun directory: " << study.run_dir << "\n";
  // Loaded once, when trials or retrainings need it.
  std::optional<nas::DataSplits> data;
  auto loaded = [&]() -> const nas::DataSplits& {
    if (!data) data = search_data(cfg, data_cfg);
    return *data;
  };
  nas::SearchSummary s;
  if (nas::observations(cfg, study.db.trials()).size() >= static_cast<size_t>(cfg.trials)) {
    study.db.abandon_running();  // a finished study: nothing to load or train
    std::cerr << "the study already has its " << cfg.trials << " trials (extend it with --trials N)\n";
  } else {
    const int left = cfg.trials - static_cast<int>(nas::observations(cfg, study.db.trials()).size());
    if (o.workers > left)
      throw std::invalid_argument("--workers " + std::to_string(o.workers) + " is more than the " +
                                  std::to_string(left) + " trial(s) the study still needs");
    s = search_trials(study, loaded(), o.workers, mpi);
  }
  if (!s.interrupted && nas::trial_scorer_registry().at(cfg.evaluator.kind).estimates && cfg.supernet.retrain_top > 0 &&
      !retrain_best(study, loaded()))
    s.interrupted = true;

  const std::vector<explore::TrialRecord> trials = study.db.trials();
  const std::vector<std::string> files =
      reports::write_report(study.run_dir, cfg, trials, data_cfg.name, !o.no_plots,
                            {study.db.meta().overrides, IMCNAS_VERSION}, study.db.retrained());
  if (o.json) {
    std::cout << reports::study_summary_json(study.run_dir, cfg, trials, files) << "\n";
    if (s.interrupted)
      throw std::runtime_error("search interrupted; every finished trial is in " + study.run_dir + "/study.db");
    return;
  }
  const explore::StudyStats stats = explore::study_stats(trials);
  std::cout << "\n"
            << (s.interrupted ? "interrupted" : "finished") << ": " << s.trials_run
            << " trial(s) this run; the study has " << trials.size() << " (" << stats.complete << " complete, "
            << stats.infeasible << " infeasible, " << stats.failed << " failed, " << stats.pruned << " pruned, "
            << stats.abandoned << " abandoned; " << stats.epochs_trained << " epochs trained)\n"
            << "rejected before training: " << stats.rejected_before_training << " (about "
            << fixed(stats.training_saved_s, 1)
            << " s of training saved); not retrained (seen before): " << stats.cached << "\nwall time "
            << fixed(s.wall_seconds, 1) << " s; outside mapping, simulation and training "
            << fixed(s.overhead_seconds, 3) << " s ("
            << fixed(s.wall_seconds > 0 ? 100 * s.overhead_seconds / s.wall_seconds : 0, 3) << " %)\n";
  if (auto best = explore::best_trial(trials)) {
    const explore::TrialRecord& b = trials[*best];
    std::cout << "best: trial " << b.number << ", fitness " << fixed(*b.fitness, 4) << ", accuracy "
              << fixed(100 * b.metrics.at("accuracy"), 2) << " %, latency " << fixed(b.metrics.at("latency_ms"), 4)
              << " ms, energy " << fixed(b.metrics.at("energy_mj"), 4) << " mJ\n";
  }
  std::cout << "report: " << study.run_dir << "/best.md (" << files.size() << " files written)\n";
  if (s.interrupted) {
    std::cout << "continue with: imcnas search --resume " << study.run_dir << "\n";
    throw std::runtime_error("search interrupted; every finished trial is in " + study.run_dir + "/study.db");
  }
}

void run(const Options& o) {
  if (!nas::launched_by_mpi()) {
    if (o.rank_timeout_s > 0) throw std::invalid_argument("--rank-timeout-s is for a search under mpirun or srun");
    return run_study(o, nullptr);
  }
  // mpirun or srun started this rank (docs/search.md, "MPI").
  nas::MpiSession mpi(o.rank_timeout_s > 0 ? o.rank_timeout_s : kDefaultRankTimeout_s);
  if (o.workers > 1)
    throw std::invalid_argument("--workers starts worker processes; under mpirun the ranks are the workers: use one");
  if (mpi.rank() > 0) {
    try {
      serve_rank(o, mpi);
    } catch (const std::exception& e) {
      std::cerr << "imcnas: rank " << mpi.rank() << ": error: " << e.what() << "\n";
      mpi.abort(1);
    }
    return;
  }
  if (mpi.size() > 1 && std::getenv("OMPI_COMM_WORLD_SIZE") && !nas::mpi_recovery_enabled())
    std::cerr << "note: OpenMPI ends every rank when one dies; with mpirun --enable-recovery the search fails "
                 "that rank's trial and goes on with the others\n";
  if (mpi.size() == 1)
    std::cerr << "mpirun -n 1: rank 0 asks and records, and there is no other rank to evaluate, so the trials run "
                 "in this process (start 2 or more ranks)\n";
  try {
    run_study(o, &mpi);
    mpi.stop_ranks();  // also when the study needed no trial
  } catch (const std::exception& e) {
    if (mpi.size() == 1) throw;
    std::cerr << "imcnas: error: " << e.what() << "\n";  // and end the evaluator ranks with this one
    mpi.abort(1);
  }
}

}  // namespace

nas::DataSplits search_data(const config::SearchConfig& cfg, const config::DataConfig& data_cfg) {
  std::cerr << "loading " << data_cfg.name << " (" << data_cfg.source << ")\n";
  nas::DataSplits data = nas::load_dataset(data_cfg);
  if (cfg.train.validation_subset > 0)
    data.validation = nas::take(data.validation, static_cast<size_t>(cfg.train.validation_subset));
  return data;
}

void register_search_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("search", "neural architecture search scored by training and simulation");
  cmd->add_option("config", o->config,
                  "search TOML, or the name of a shipped one (" +
                      config::joined_names(shipped_names(config::search_presets())) + "; docs/search.md)");
  cmd->add_option("--name", o->name, "run directory name under --runs-dir (default: the config's study.name)");
  cmd->add_option("--set", o->sets, "override a search config key: --set study.trials=50 (repeatable)");
  cmd->add_option("--resume", o->resume, "continue the study in this run directory");
  cmd->add_flag("--accept-changed-inputs", o->accept_changed_inputs,
                "resume even though a hardware, data or dataset file changed since the study began (its trials "
                "then mix two setups)");
  cmd->add_option("--runs-dir", o->runs_dir, "where new run directories go");
  cmd->add_option("--trials", o->trials, "total trials the study should have (also extends a resumed study)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--workers", o->workers,
                  "evaluate this many trials at once in worker processes (default 1: in this process)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--rank-timeout-s", o->rank_timeout_s,
                  "under mpirun: seconds an MPI rank may stay silent before the others take it for dead "
                  "(default 60)")
      ->check(CLI::Range(0.1, 86400.0));
  cmd->add_flag("--no-plots", o->no_plots, "skip the gnuplot plots");
  cmd->add_flag("--json", o->json, "print the study summary as JSON on stdout (progress stays on stderr)");
  cmd->callback([o] {
    try {
      run(*o);
    } catch (const nas::DatasetError& e) {
      throw std::runtime_error(std::string("dataset error: ") + e.what());
    } catch (const explore::StudyError& e) {
      throw std::runtime_error(std::string("study error: ") + e.what());
    }
  });
}

}  // namespace imc::cli
