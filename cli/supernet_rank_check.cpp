// SPDX-License-Identifier: MIT
// `imcnas supernet rank-check runs/NAME --sample N`: how far the supernet's ranking of
// candidates can be trusted. N random feasible candidates are scored by inherited weights and
// trained from scratch with two seeds; Kendall's tau and Spearman's rho between the estimate
// and standalone accuracy, and between the two seeds (the ceiling). docs/oneshot.md.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/supernet_run.h"
#include "cli/table.h"
#include "explore/study/run_directory.h"
#include "explore/study/study_db.h"
#include "nas/objectives/objectives.h"
#include "nas/oneshot/rank_agreement.h"
#include "nas/samplers/sampler.h"
#include "nas/search/hardware_model.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "nas/space/space_preset.h"
#include "nas/stopwatch.h"
#include "nas/train/search_training.h"
#include "traces/output_file.h"

namespace imc::cli {
namespace {

namespace fs = std::filesystem;

struct RankCheckOptions {
  std::string run_dir;
  int sample = 0;
  uint64_t seed = 1;
  std::string standalone_from;
  bool json = false;
};

/// One candidate's accuracies (quantized validation accuracy, as a trial's objective reads it).
struct Row {
  double supernet = 0, seed_a = 0, seed_b = 0;
  double seed_a_train_s = 0, seed_b_train_s = 0, estimate_s = 0;
};

constexpr const char* kHeader =
    "architecture,supernet_accuracy,seed_a_accuracy,seed_b_accuracy,seed_a_train_s,seed_b_train_s,estimate_s";

/// What the standalone accuracies depend on: data, chip, training budget and seeds. Rows of
/// another budget are not comparable.
std::string standalone_budget(const config::SearchConfig& cfg, uint64_t seed_a, uint64_t seed_b) {
  std::ostringstream os;
  os.precision(10);
  const config::TrainBudget& t = cfg.train;
  os << "# standalone: data=" << cfg.data_config << " hardware=" << cfg.hw_config;
  for (const std::string& set : cfg.hw_sets) os << " set:" << set;
  os << " epochs=" << t.epochs << " subset=" << t.subset << " validation_subset=" << t.validation_subset
     << " batch_size=" << t.batch_size << " learning_rate=" << t.learning_rate << " optimizer=" << t.optimizer
     << " seeds=" << seed_a << "," << seed_b;
  return os.str();
}

/// The rows of a rank-check CSV; nothing when it is absent. Throws std::invalid_argument when
/// its standalone budget is not `budget`.
std::map<std::string, Row> read_rows(const std::string& path, const std::string& budget) {
  std::map<std::string, Row> rows;
  std::ifstream in(path);
  if (!in) return rows;
  std::string line;
  std::getline(in, line);
  if (line != budget)
    throw std::invalid_argument(path + " holds standalone accuracies of another budget or data:\n  " + line +
                                "\nwhere this check needs\n  " + budget);
  if (!std::getline(in, line) || line != kHeader)
    throw std::invalid_argument(path + ": line 2 is not the rank-check header " + kHeader);
  while (std::getline(in, line)) {
    if (line.size() < 2 || line[0] != '"') continue;
    const size_t close = line.find('"', 1);
    if (close == std::string::npos || close + 1 >= line.size()) continue;
    std::istringstream rest(line.substr(close + 2));
    Row r;
    char comma = 0;
    if (rest >> r.supernet >> comma >> r.seed_a >> comma >> r.seed_b >> comma >> r.seed_a_train_s >> comma >>
        r.seed_b_train_s >> comma >> r.estimate_s)
      rows[line.substr(1, close - 1)] = r;
  }
  return rows;
}

void write_rows(const std::string& path, const std::string& budget, const std::map<std::string, Row>& rows) {
  std::ostringstream out;
  out.precision(10);
  out << budget << "\n" << kHeader << "\n";
  for (const auto& [arch, r] : rows)
    out << '"' << arch << "\"," << r.supernet << "," << r.seed_a << "," << r.seed_b << "," << r.seed_a_train_s << ","
        << r.seed_b_train_s << "," << r.estimate_s << "\n";
  traces::write_file(path, out.str());
}

struct Drawn {
  nas::Point point;
  std::string architecture;
  workloads::Network net;
};

/// `n` distinct candidates drawn uniformly from the space that build, fit the chip and meet the
/// config's hardware constraints.
std::vector<Drawn> draw_feasible(const SupernetRun& run, int n, uint64_t seed) {
  const config::SearchConfig& cfg = run.cfg;
  const nas::SearchSpace space = nas::space_preset(cfg.space).space(cfg.space);
  const std::vector<nas::Constraint> limits = nas::constraints(cfg, true);
  nas::HardwareModel hardware(run.hw, cfg.batch);
  std::mt19937_64 rng(seed);
  std::vector<Drawn> out;
  std::set<std::string> seen;
  for (int attempt = 0; int(out.size()) < n; ++attempt) {
    if (attempt >= 200 * n)
      throw std::invalid_argument("only " + std::to_string(out.size()) + " feasible candidates in " +
                                  std::to_string(attempt) + " draws; ask for fewer (--sample " +
                                  std::to_string(std::max<size_t>(out.size(), 2)) + ")");
    const nas::Point p = nas::RandomSampler::draw_point(space, rng);
    const nas::Candidate c = nas::decode(cfg.space, p, run.input, run.data.train.classes);
    if (!seen.insert(c.architecture).second) continue;
    try {
      workloads::Network net = workloads::Network::build(c.spec);
      nas::HardwareTimes times;
      const nas::Metrics m = hardware.evaluate(net, run.hw, times);
      if (!nas::violations(m, limits).empty()) continue;
      out.push_back({p, c.architecture, std::move(net)});
    } catch (const std::exception&) {
      continue;  // does not build or does not fit the chip: not a candidate the search could score
    }
  }
  return out;
}

void print_agreement(const char* what, const nas::RankAgreement& a) {
  std::cout << "  " << what << ": Kendall tau " << fixed(a.tau, 3) << " (95 % bootstrap interval "
            << fixed(a.tau_low, 3) << " to " << fixed(a.tau_high, 3) << "), Spearman rho " << fixed(a.rho, 3) << "\n";
}

nlohmann::json agreement_json(const nas::RankAgreement& a) {
  return {{"kendall_tau", a.tau}, {"tau_low", a.tau_low}, {"tau_high", a.tau_high}, {"spearman_rho", a.rho}};
}

void run_rank_check(const RankCheckOptions& o) {
  if (o.sample < 2) throw std::invalid_argument("--sample: at least 2 candidates to rank");
  const SupernetRun run = open_supernet_run(o.run_dir);
  const config::SearchConfig& cfg = run.cfg;
  // Two training seeds of the study's budget, apart from the study's own.
  const uint64_t seed_a = cfg.seed + 1, seed_b = cfg.seed + 2;
  const std::string budget = standalone_budget(cfg, seed_a, seed_b);
  const std::string csv = (fs::path(o.run_dir) / "rank-check.csv").string();
  std::map<std::string, Row> rows = read_rows(csv, budget);
  // Standalone accuracies of another supernet's check of the same space and budget: only the
  // estimates are new.
  std::map<std::string, Row> imported;
  if (!o.standalone_from.empty()) {
    explore::RunDirectory::refuse_planted(fs::path(o.standalone_from).parent_path());
    if (!fs::exists(o.standalone_from))
      throw std::invalid_argument("--standalone-from " + o.standalone_from + ": no such file");
    imported = read_rows(o.standalone_from, budget);
  }
  const std::vector<Drawn> drawn = draw_feasible(run, o.sample, o.seed);
  const InterruptScope interrupts;
  auto train_config = [&](uint64_t seed) {
    nas::TrainConfig t = nas::trial_train_config(cfg.train, run.hw, seed);
    t.hw.chip.reset();  // quantized accuracy only: accuracy_hw is not what is ranked
    t.should_stop = [] { return stop_requested().load(); };
    return t;
  };
  std::vector<double> est, a, b, mean;
  for (size_t i = 0; i < drawn.size(); ++i) {
    const Drawn& d = drawn[i];
    Row r;
    bool trained = false;
    for (const auto* source : {&rows, &imported}) {
      const auto known = source->find(d.architecture);
      if (known == source->end()) continue;
      r = known->second;
      trained = true;
      break;
    }
    // The estimate is always this supernet's (seconds); the standalone training only when new.
    auto t = nas::Clock::now();
    r.supernet =
        nas::evaluate_weights(d.net, run.data, train_config(seed_a),
                              run.supernet->weights(d.point, d.net, run.data, cfg.supernet.bn_recalibration_images))
            .validation.quantized;
    r.estimate_s = nas::seconds_since(t);
    for (auto [seed, acc, secs] :
         {std::tuple{seed_a, &r.seed_a, &r.seed_a_train_s}, std::tuple{seed_b, &r.seed_b, &r.seed_b_train_s}}) {
      if (trained) break;
      const nas::TrainResult tr = nas::train_and_evaluate(d.net, run.data, train_config(seed));
      if (tr.status == nas::TrainStatus::Interrupted || stop_requested())
        throw std::runtime_error("rank-check interrupted; the " + std::to_string(rows.size()) +
                                 " candidates done are kept in " + csv + " and not trained again");
      if (tr.status == nas::TrainStatus::Failed)
        throw std::runtime_error(d.architecture + ": standalone training failed: " + tr.reason);
      *acc = tr.validation.quantized;
      *secs = tr.train_seconds;
    }
    rows[d.architecture] = r;
    write_rows(csv, budget, rows);
    std::cerr << "[" << i + 1 << "/" << drawn.size() << "] " << d.architecture << ": supernet "
              << fixed(100 * r.supernet, 2) << " %, seed " << seed_a << " " << fixed(100 * r.seed_a, 2) << " %, seed "
              << seed_b << " " << fixed(100 * r.seed_b, 2) << " %\n";
    est.push_back(r.supernet);
    a.push_back(r.seed_a);
    b.push_back(r.seed_b);
    mean.push_back((r.seed_a + r.seed_b) / 2);
  }
  const nas::RankAgreement vs_a = nas::rank_agreement(est, a, o.seed), vs_b = nas::rank_agreement(est, b, o.seed),
                           vs_mean = nas::rank_agreement(est, mean, o.seed),
                           ceiling = nas::rank_agreement(a, b, o.seed);
  if (o.json) {
    nlohmann::json pairs = nlohmann::json::array();
    for (size_t i = 0; i < drawn.size(); ++i)
      pairs.push_back({{"architecture", drawn[i].architecture},
                       {"supernet_accuracy", est[i]},
                       {"seed_a_accuracy", a[i]},
                       {"seed_b_accuracy", b[i]}});
    std::cout << nlohmann::json{{"candidates", drawn.size()},
                                {"seeds", {seed_a, seed_b}},
                                {"supernet_vs_seed_a", agreement_json(vs_a)},
                                {"supernet_vs_seed_b", agreement_json(vs_b)},
                                {"supernet_vs_mean_of_seeds", agreement_json(vs_mean)},
                                {"seed_a_vs_seed_b", agreement_json(ceiling)},
                                {"pairs", pairs}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "rank agreement over " << drawn.size() << " random feasible candidates (quantized validation "
            << "accuracy on " << run.data.validation.size() << " images; pairs in " << csv << "):\n";
  print_agreement("supernet vs standalone seed A", vs_a);
  print_agreement("supernet vs standalone seed B", vs_b);
  print_agreement("supernet vs mean of both seeds", vs_mean);
  print_agreement("seed A vs seed B (the ceiling)", ceiling);
  if (ceiling.tau > 0)
    std::cout << "supernet's tau (vs seed A) / the ceiling's tau: " << fixed(vs_a.tau / ceiling.tau, 2) << "\n";
}

}  // namespace

void add_supernet_rank_check(CLI::App& supernet) {
  auto o = std::make_shared<RankCheckOptions>();
  CLI::App* cmd = supernet.add_subcommand(
      "rank-check", "how well the supernet ranks: random candidates trained from scratch with two seeds");
  cmd->add_option("run", o->run_dir, "the supernet's run directory (runs/NAME)")->required();
  cmd->add_option("--sample", o->sample, "random feasible candidates to train and rank")->required();
  cmd->add_option("--seed", o->seed, "seed of the draw and of the bootstrap");
  cmd->add_option("--standalone-from", o->standalone_from,
                  "reuse the standalone accuracies of another supernet's rank-check.csv (same space, data and "
                  "budget): only the estimates are computed");
  cmd->add_flag("--json", o->json, "print the result and the pairs as JSON");
  cmd->callback([o] { with_supernet_errors([&] { run_rank_check(*o); }); });
}

}  // namespace imc::cli
