// SPDX-License-Identifier: MIT
// The parallel search loop: points go out as workers free up, results come back in any order,
// and while a trial runs no other worker is asked the same point (the running trials are the
// worst outcome to the sampler: a constant liar). The workers here are a scripted dispatcher
// that scores a point by a formula, so the test checks the loop's bookkeeping; the end-to-end
// tests (tests/cli/search_cli_test.cpp) run real worker processes that train with LibTorch.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <filesystem>
#include <set>

#include "explore/study/trial_stats.h"
#include "nas/search/search_runner.h"
#include "nas/search/trial_codec.h"
#include "tests/test_util.h"

namespace imc::nas {
namespace {

class ScriptedWorkers : public TrialDispatcher {
 public:
  explicit ScriptedWorkers(int capacity) : m_capacity(capacity) {}
  int capacity() const override { return m_capacity; }
  std::optional<int> free_worker() override {
    if (static_cast<int>(m_running.size()) >= m_capacity) return std::nullopt;
    return static_cast<int>(m_running.size());
  }
  std::string worker_name(int worker) const override { return "scripted " + std::to_string(worker); }
  void submit(int, int64_t trial, const TrialPoint& point) override {
    for (const auto& [t, p] : m_running)
      EXPECT_NE(p.params, point.params) << "trial " << trial << " asked the point trial " << t << " still runs";
    m_running.emplace_back(trial, point);
    max_running = std::max(max_running, m_running.size());
  }
  size_t pending() const override { return m_running.size(); }
  std::optional<DispatchEvent> next(int) override {
    if (m_running.empty()) return std::nullopt;
    // The newest trial finishes first: results come back out of order.
    const auto [trial, point] = m_running.back();
    m_running.pop_back();
    DispatchEvent e;
    e.trial = trial;
    e.worker = "scripted";
    TrialEvaluation r;
    double sum = 0;
    for (const auto& [k, v] : point.params) sum += v;
    r.metrics = {{"accuracy", 1.0 / (1.0 + sum)}, {"latency_ms", 1.0 + sum}, {"energy_mj", 0.1}};
    r.fitness = r.metrics["accuracy"] / r.metrics["latency_ms"];
    e.result = r;
    return e;
  }
  size_t max_running = 0;

 private:
  int m_capacity;
  std::deque<std::pair<int64_t, TrialPoint>> m_running;
};

config::SearchConfig study(const std::string& sampler) {
  return config::parse_search_config(
      "[study]\ntrials = 24\nseed = 3\n[space]\nmin_blocks = 1\nmax_blocks = 2\nkernels = [8, 16]\n"
      "[sampler]\nname = \"" +
          sampler + "\"\nstartup_trials = 4\npopulation = 4\n[hardware]\nconfig = \"" +
          test::source_path("configs/hw/mnsim-2024.toml") + "\"\n[objective]\nfitness = \"accuracy/latency\"\n",
      "study.toml");
}

TEST(ParallelSearch, NoWorkerIsAskedAPointThatIsStillRunning) {
  for (const char* sampler : {"tpe", "random", "nsga2"}) {
    SCOPED_TRACE(sampler);
    const config::SearchConfig cfg = study(sampler);
    StudyDb db =
        StudyDb::create(test::fresh_db_path(std::string("parallel_") + sampler + ".db"), {"p", "", sampler, 3});
    ScriptedWorkers workers(3);
    SearchRunner runner(cfg, db);
    const std::atomic<bool> stop{false};
    const SearchSummary s = runner.run(stop, {}, workers);
    EXPECT_EQ(s.trials_run, 24);
    EXPECT_EQ(workers.max_running, 3u);
    const std::vector<TrialRecord> t = db.trials();
    ASSERT_EQ(t.size(), 24u);
    for (size_t i = 0; i < t.size(); ++i) {
      EXPECT_EQ(t[i].number, int64_t(i)) << "trial numbers are the ask order";
      EXPECT_EQ(t[i].state, TrialState::Complete);
      EXPECT_TRUE(t[i].worker.empty() || t[i].worker.rfind("scripted ", 0) == 0) << t[i].worker;
    }
  }
}

// Models of trials other than the best, left by a run stopped between saving a model and
// keeping only the best, are removed when the study resumes; a models/trial-N the study has not
// run yet is refused instead of being written over and removed (issue 27, items 8 and 18).
TEST(ParallelSearch, AResumeKeepsOnlyTheBestModelAndRefusesForeignOnes) {
  namespace fs = std::filesystem;
  config::SearchConfig cfg = study("random");
  cfg.trials = 4;
  const std::string path = test::fresh_db_path("models_resume.db");
  StudyDb db = StudyDb::create(path, {"m", "", "random", 3});
  const fs::path models = fs::path(path).parent_path() / "models_resume_models";
  fs::remove_all(models);
  {
    ScriptedWorkers workers(2);
    SearchRunner runner(cfg, db);
    runner.save_best_model_in(models.string());
    const std::atomic<bool> stop{false};
    runner.run(stop, {}, workers);
  }
  const std::vector<TrialRecord> trials = db.trials();
  const int64_t best = trials[*best_trial(trials)].number;
  for (const TrialRecord& t : trials) fs::create_directories(models / ("trial-" + std::to_string(t.number)));
  fs::create_directories(models / "notes");  // not a name the study writes: left alone
  cfg.trials = 5;
  {
    ScriptedWorkers workers(1);
    SearchRunner runner(cfg, db);
    runner.save_best_model_in(models.string());
    const std::atomic<bool> stop{false};
    runner.run(stop, {}, workers);
  }
  std::set<std::string> left;
  for (const fs::directory_entry& e : fs::directory_iterator(models)) left.insert(e.path().filename().string());
  EXPECT_EQ(left, (std::set<std::string>{"trial-" + std::to_string(best), "notes"}));

  fs::create_directories(models / "trial-7");  // a trial this study has not run (it has 5)
  cfg.trials = 6;
  ScriptedWorkers workers(1);
  SearchRunner runner(cfg, db);
  runner.save_best_model_in(models.string());
  const std::atomic<bool> stop{false};
  try {
    runner.run(stop, {}, workers);
    ADD_FAILURE() << "a foreign models/trial-7 was accepted";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("trial-7 was not written by this study"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::exists(models / "trial-7"));
}

TEST(TrialCodec, PointsAndEvaluationsRoundTripExactly) {
  const TrialPoint p{{{"n_blocks", 2}, {"lr", 0.1 + 0.2}},
                     {{"adc.bits", "6", "space.hardware adc.bits"}},
                     config::TrainBudget{},
                     (uint64_t(1) << 62) + 5,
                     ""};
  const TrialPoint q = decode_trial_point(encode_trial_point(p));
  EXPECT_EQ(q.params, p.params);
  EXPECT_EQ(q.seed, p.seed);
  ASSERT_EQ(q.hardware_overrides.size(), 1u);
  EXPECT_EQ(q.hardware_overrides[0].value_text, "6");
  TrialEvaluation e;
  e.state = TrialState::Infeasible;
  e.metrics = {{"latency_ms", 1.0 / 3.0}, {"worst", INFINITY}, {"none", NAN}};
  e.fitness = -INFINITY;
  e.error = "needs 600 tiles";
  const TrialEvaluation f = decode_trial_evaluation(encode_trial_evaluation(e));
  EXPECT_EQ(f.state, TrialState::Infeasible);
  EXPECT_EQ(f.metrics.at("latency_ms"), 1.0 / 3.0);
  EXPECT_EQ(f.metrics.at("worst"), INFINITY);
  EXPECT_TRUE(std::isnan(f.metrics.at("none")));
  EXPECT_EQ(*f.fitness, -INFINITY);
  EXPECT_EQ(f.error, e.error);
}

}  // namespace
}  // namespace imc::nas
