// SPDX-License-Identifier: MIT
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/table.h"
#include "nas/objectives/nas_synthetic.h"
#include "nas/samplers/sampler.h"

namespace imc::cli {
namespace {

struct Options {
  std::string objective = "nas-synthetic";
  std::string sampler = "tpe";
  int seeds = 10;
  int first_seed = 0;
  int trials = 100;
  bool json = false;
};

struct Stat {
  double mean = 0, std = 0;
};

Stat stat(const std::vector<double>& v) {
  Stat s;
  for (double x : v) s.mean += x / double(v.size());
  for (double x : v) s.std += (x - s.mean) * (x - s.mean);
  s.std = v.size() > 1 ? std::sqrt(s.std / double(v.size() - 1)) : 0;
  return s;
}

void run(const Options& o) {
  const nas::SearchSpace space = nas::synthetic::space();
  std::vector<int> checkpoints;
  for (int c : {25, 50, 100, 500, 1000})
    if (c <= o.trials) checkpoints.push_back(c);
  if (checkpoints.empty() || checkpoints.back() != o.trials) checkpoints.push_back(o.trials);
  std::map<int, std::vector<double>> best_at;
  std::vector<double> ask_ms(static_cast<size_t>(o.trials), 0.0);  // per trial number, summed over seeds
  for (int seed = o.first_seed; seed < o.first_seed + o.seeds; ++seed) {
    std::unique_ptr<nas::Sampler> sampler = nas::make_sampler(o.sampler, static_cast<uint64_t>(seed));
    std::vector<nas::Observation> history;
    double best = INFINITY;
    for (int t = 0; t < o.trials; ++t) {
      const auto start = std::chrono::steady_clock::now();
      nas::Point p = sampler->ask(space, history);
      ask_ms[static_cast<size_t>(t)] +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      const double loss = nas::synthetic::loss(p);
      best = std::min(best, loss);
      history.push_back({std::move(p), loss, {loss}});
      for (int c : checkpoints)
        if (c == t + 1) best_at[c].push_back(best);
    }
  }
  // Marginal cost of a suggestion near a trial count: the mean over the 10 asks before it.
  auto ms_near = [&](int count) {
    double sum = 0;
    int n = 0;
    for (int t = std::max(0, count - 10); t < count; ++t, ++n) sum += ask_ms[static_cast<size_t>(t)];
    return sum / n / o.seeds;
  };
  double total_ms = 0;
  for (double ms : ask_ms) total_ms += ms;
  if (o.json) {
    nlohmann::json best = nlohmann::json::object(), ms = nlohmann::json::object();
    for (int c : checkpoints) {
      const Stat s = stat(best_at[c]);
      best[std::to_string(c)] = {{"mean", s.mean}, {"std", s.std}};
      ms[std::to_string(c)] = ms_near(c);
    }
    std::cout << nlohmann::json{{"schema", "imcnas.bench-sampler.v1"},
                                {"objective", o.objective},
                                {"sampler", o.sampler},
                                {"seeds", o.seeds},
                                {"first_seed", o.first_seed},
                                {"trials", o.trials},
                                {"best_loss_at", best},
                                {"ms_per_suggestion", total_ms / o.trials / o.seeds},
                                {"ms_per_suggestion_at", ms}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "sampler " << o.sampler << " on " << o.objective << " (optimum 0.30125): " << o.seeds << " seeds x "
            << o.trials << " trials\n\n";
  TextTable t({"trials", "best loss (mean)", "std", "ms per suggestion near here"});
  for (int c : checkpoints) {
    const Stat s = stat(best_at[c]);
    t.add({std::to_string(c), fixed(s.mean, 4), fixed(s.std, 4), fixed(ms_near(c), 3)});
  }
  t.print(std::cout, 1);
  std::cout << "\nmean time per suggestion: " << fixed(total_ms / o.trials / o.seeds, 3) << " ms\n";
}

}  // namespace

void register_bench_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* bench = app.add_subcommand("bench", "benchmarks of the search machinery");
  bench->require_subcommand(1);
  CLI::App* cmd =
      bench->add_subcommand("sampler", "sampler quality and speed on a synthetic objective with a known optimum");
  cmd->add_option("--objective", o->objective, "the objective")->check(CLI::IsMember({"nas-synthetic"}));
  std::vector<std::string> samplers;
  for (const auto& [name, cfg] : nas::bench_sampler_configs()) samplers.push_back(name);
  cmd->add_option("--sampler", o->sampler,
                  "random, tpe (hyperopt's defaults), tpe-optuna-gamma, tpe-multivariate, nsga2")
      ->check(CLI::IsMember(samplers));
  cmd->add_option("--seeds", o->seeds, "independent runs")->check(CLI::Range(1, 100000));
  cmd->add_option("--first-seed", o->first_seed, "seed of the first run");
  cmd->add_option("--trials", o->trials, "trials per run")->check(CLI::Range(1, 1000000));
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->callback([o] { run(*o); });
}

}  // namespace imc::cli
