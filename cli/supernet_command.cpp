// SPDX-License-Identifier: MIT
// `imcnas supernet train CONFIG` (or --resume runs/NAME): a weight-sharing supernet of a search
// config's space, trained once; `imcnas supernet eval runs/NAME --arch ARCH`: one candidate
// scored by the weights it inherits (docs/oneshot.md).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/supernet_run.h"
#include "cli/table.h"
#include "configs/data_config.h"
#include "configs/hw_config.h"
#include "configs/registry.h"
#include "explore/study/run_directory.h"
#include "explore/study/study_db.h"
#include "nas/oneshot/supernet_training.h"
#include "nas/search/hardware_model.h"
#include "nas/space/presets.h"
#include "nas/space/space_preset.h"
#include "nas/stopwatch.h"
#include "nas/train/search_training.h"
#include "traces/output_file.h"

namespace imc::cli {
namespace {

namespace fs = std::filesystem;

struct TrainOptions {
  std::string config, name, resume, runs_dir = "runs";
  std::vector<std::string> sets;
};

struct EvalOptions {
  std::string run_dir, arch, hw;
  std::vector<std::string> sets;
  bool json = false;
};

std::string duration(double s) {
  if (s < 120) return fixed(s, 0) + " s";
  if (s < 7200) return fixed(s / 60, 1) + " min";
  return fixed(s / 3600, 2) + " h";
}

void run_train(const TrainOptions& o) {
  std::optional<explore::RunDirectory> run;
  config::SearchConfig cfg;
  if (!o.resume.empty()) {
    if (!o.config.empty() || !o.sets.empty() || !o.name.empty())
      throw std::invalid_argument(
          "supernet train --resume continues with the run's own config: give no CONFIG, --set "
          "or --name");
    run.emplace(explore::RunDirectory::resume(o.resume, explore::RunKind::Supernet));
    cfg = supernet_run_config(o.resume);
  } else {
    if (o.config.empty()) throw std::invalid_argument("supernet train: give a search config, or --resume runs/NAME");
    std::vector<std::string> sets = o.sets;
    cfg = config::load_search_config(o.config, config::parse_overrides(sets));
    if (!o.name.empty()) {
      if (auto problem = config::run_name_problem(o.name)) throw std::invalid_argument("--name " + *problem);
      cfg.name = o.name;
      sets.push_back("study.name=" + o.name);
    }
    config::load_hw_config(cfg.hw_config, config::parse_overrides(cfg.hw_sets));
    config::load_data_config(cfg.data_config);
    run.emplace(explore::RunDirectory::create(o.runs_dir, cfg.name, explore::RunKind::Supernet));
    traces::write_file(run->file("supernet.toml"), config::effective_search_config_text(cfg, sets, ""));
  }
  const std::string dir = run->path().string();
  const config::HwConfig hw = config::load_hw_config(cfg.hw_config, config::parse_overrides(cfg.hw_sets));
  const nas::DataSplits data = supernet_data(cfg);
  nas::SupernetTrainConfig sc = nas::supernet_train_config(cfg, hw, input_of(data), data.train.classes);
  const InterruptScope interrupts;
  sc.should_stop = [] { return stop_requested().load(); };
  std::cerr << "supernet of " << cfg.name << " (space " << cfg.space.preset << "): " << cfg.supernet.epochs
            << " epoch(s) over " << (sc.subset ? sc.subset : data.train.size()) << " images, sampling "
            << cfg.supernet.sampling << (cfg.supernet.distill ? " with distillation" : "") << "\nrun directory: " << dir
            << "\n";
  const bool tty = isatty(STDERR_FILENO) != 0;
  auto show = [&](const nas::SupernetProgress& p) {
    std::cerr << (tty ? "\r\033[K" : "") << "step " << p.step << "/" << p.steps << " (epoch " << p.epoch << "/"
              << p.epochs << "), loss " << fixed(p.loss, 4) << ", " << duration(p.seconds) << " so far, ETA "
              << duration(p.eta_s) << (p.saved ? ", saved" : "") << (tty ? "" : "\n") << std::flush;
  };
  const nas::SupernetTrainResult r = nas::train_supernet(sc, data, run->file("supernet.pt"), show);
  if (tty) std::cerr << "\n";
  std::cout << (r.finished ? "finished" : "stopped") << ": " << r.steps_done << " of " << r.steps << " steps, "
            << with_commas(r.parameters) << " parameters, " << fixed(r.seconds, 1) << " s of training in all\n";
  if (r.recomputed_paths > 0)
    std::cout << r.recomputed_paths << " of the " << r.paths
              << " paths this run trained recomputed their blocks in the backward pass (their activations exceed "
                 "supernet.activation_memory_mb)\n";
  for (size_t e = 0; e < r.epoch_loss.size(); ++e)
    std::cout << "epoch " << e + 1 << ": mean loss " << fixed(r.epoch_loss[e], 4) << "\n";
  std::cout << "supernet: " << dir << "/supernet.pt\n";
  if (!r.finished) {
    std::cout << "continue with: imcnas supernet train --resume " << dir << "\n";
    throw std::runtime_error("supernet training interrupted; every step so far is saved in " + dir + "/supernet.pt");
  }
}

std::string percent(double v) { return fixed(100 * v, 2) + " %"; }

void run_eval(const EvalOptions& o) {
  if (o.hw.empty() && !o.sets.empty()) throw std::invalid_argument("--set overrides a --hw config: give --hw too");
  const auto start = nas::Clock::now();
  const SupernetRun run = open_supernet_run(o.run_dir);
  const config::SearchConfig& cfg = run.cfg;
  const nas::DataSplits& data = run.data;
  const workloads::Shape input = run.input;
  const nas::TrainedSupernet& supernet = *run.supernet;
  const config::HwConfig chip = o.hw.empty() ? run.hw : config::load_hw_config(o.hw, config::parse_overrides(o.sets));
  const double load_s = nas::seconds_since(start);

  auto t = nas::Clock::now();
  const nas::Point point = nas::space_preset(cfg.space).point_of(cfg.space, o.arch);
  const nas::Candidate candidate = nas::decode(cfg.space, point, input, data.train.classes);
  const workloads::Network net = workloads::Network::build(candidate.spec);
  config::TrainBudget budget = cfg.train;
  budget.accuracy_hw = !o.hw.empty();  // accuracy_hw on the chip --hw names, and only then
  const nas::TrainConfig tc = nas::trial_train_config(budget, chip, cfg.seed);
  const workloads::NetWeights weights = supernet.weights(point, net, data, cfg.supernet.bn_recalibration_images);
  const double inherit_s = nas::seconds_since(t);
  const nas::TrainResult r = nas::evaluate_weights(net, data, tc, weights);
  const double accuracy_s = nas::seconds_since(t) - inherit_s;

  t = nas::Clock::now();
  nas::HardwareModel hardware(chip, cfg.batch);
  nas::HardwareTimes times;
  const nas::Metrics hw_metrics = hardware.evaluate(net, chip, times);
  const double hardware_s = nas::seconds_since(t);

  if (o.json) {
    nlohmann::json j = {
        {"architecture", candidate.architecture},
        {"accuracy_clean", r.validation.clean},
        {"accuracy_quantized", r.validation.quantized},
        {"evaluator", "oneshot"},
        {"supernet_steps", supernet.steps_done()},
        {"seconds",
         {{"load", load_s}, {"inherit", inherit_s}, {"accuracy", accuracy_s}, {"map_simulate", hardware_s}}}};
    if (r.validation.hw_samples > 0) {
      j["accuracy_hw"] = r.validation.hw_mean;
      j["accuracy_hw_std"] = r.validation.hw_std;
    }
    for (const auto& [k, v] : hw_metrics) j[k] = v;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << candidate.architecture << " (weights inherited from " << o.run_dir << "/supernet.pt)\n"
            << "validation accuracy (" << data.validation.size() << " images): clean " << percent(r.validation.clean)
            << ", quantized " << percent(r.validation.quantized);
  if (r.validation.hw_samples > 0)
    std::cout << ", through the crossbars (accuracy_hw) " << percent(r.validation.hw_mean);
  std::cout << "\nlatency " << fixed(hw_metrics.at("latency_ms"), 4) << " ms, energy "
            << fixed(hw_metrics.at("energy_mj"), 4) << " mJ\n"
            << "time: supernet load " << fixed(load_s, 2) << " s, weights inherited (BN re-estimated) "
            << fixed(inherit_s, 2) << " s, accuracy " << fixed(accuracy_s, 2) << " s, map and simulate "
            << fixed(hardware_s, 2) << " s\n";
}

}  // namespace

void register_supernet_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("supernet", "one-shot search: a weight-sharing supernet of a search space");
  cmd->require_subcommand(1);
  auto t = std::make_shared<TrainOptions>();
  CLI::App* train = cmd->add_subcommand("train", "train the supernet of a search config's space (docs/oneshot.md)");
  train->add_option("config", t->config, "search TOML whose [space], [train], [hardware] and [supernet] it uses");
  train->add_option("--name", t->name, "run directory name under --runs-dir (default: the config's study.name)");
  train->add_option("--set", t->sets, "override a search config key: --set supernet.epochs=5 (repeatable)");
  train->add_option("--resume", t->resume, "continue the training in this run directory");
  train->add_option("--runs-dir", t->runs_dir, "where new run directories go");
  train->callback([t] { with_supernet_errors([&] { run_train(*t); }); });
  auto e = std::make_shared<EvalOptions>();
  CLI::App* eval =
      cmd->add_subcommand("eval", "score one candidate by the weights it inherits from a trained supernet");
  eval->add_option("run", e->run_dir, "the supernet's run directory (runs/NAME)")->required();
  eval->add_option("--arch", e->arch,
                   "the candidate as reports write it: VGG/16,MVGG/16,VGG/16 (amin2024) or 3x24,5x36,...|256,128 "
                   "(nacim)")
      ->required();
  eval->add_option("--hw", e->hw, "also report accuracy_hw through this chip's crossbars, and map and simulate on it");
  eval->add_option("--set", e->sets, "override a key of the --hw config (repeatable)");
  eval->add_flag("--json", e->json, "print the result as JSON");
  add_supernet_rank_check(*cmd);
  eval->callback([e] { with_supernet_errors([&] { run_eval(*e); }); });
}

}  // namespace imc::cli
