// SPDX-License-Identifier: MIT
// `imcnas search` end to end, as a user runs it: a real search (SystemC chip,
// LibTorch training) on a tiny generated dataset, then resume, kill -9, Ctrl-C
// and damaged databases.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "explore/study/study_db.h"
#include "tests/cli/cli_runner.h"
#include "tests/test_util.h"

namespace imc::cli {
namespace {

namespace fs = std::filesystem;

using test::alive;
using test::children_of;
using test::CliRun;
using test::imcnas;
using test::imcnas_background;

/// Starts imcnas in the background; returns its pid.
void write_be32(std::ofstream& out, uint32_t v) {
  const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.write(b, 4);
}

/// 16x16 grey images of 4 classes: class c lights up quadrant c, plus noise.
void write_idx(const fs::path& images, const fs::path& labels, uint32_t n, uint32_t seed) {
  std::ofstream img(images, std::ios::binary), lab(labels, std::ios::binary);
  write_be32(img, 0x803);
  write_be32(img, n);
  write_be32(img, 16);
  write_be32(img, 16);
  write_be32(lab, 0x801);
  write_be32(lab, n);
  uint32_t state = seed * 2654435761u + 1;
  for (uint32_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(i % 4);
    lab.put(static_cast<char>(c));
    for (int y = 0; y < 16; ++y)
      for (int x = 0; x < 16; ++x) {
        state = state * 1664525u + 1013904223u;
        const bool lit = (y / 8) * 2 + (x / 8) == c;
        img.put(static_cast<char>((lit ? 150 : 20) + static_cast<int>(state >> 26)));
      }
  }
}

class SearchCli : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = fs::path(testing::TempDir()) / ("imcnas_search_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    write_idx(dir / "train-images", dir / "train-labels", 256, 1);
    write_idx(dir / "test-images", dir / "test-labels", 64, 2);
    std::ofstream(dir / "data.toml") << "name = \"tiny\"\nformat = \"idx\"\nclasses = 4\n"
                                     << "train_images = \"train-images\"\ntrain_labels = \"train-labels\"\n"
                                     << "test_images = \"test-images\"\ntest_labels = \"test-labels\"\n"
                                     << "[split]\nvalidation_fraction = 0.25\nseed = 0\n";
    std::ofstream(dir / "search.toml")
        << "[study]\nname = \"tiny\"\ntrials = 4\nseed = 1\n"
        << "[space]\nmin_blocks = 1\nmax_blocks = 3\nkernels = [4, 8]\nhead_hidden = 16\n"
        << "[sampler]\nstartup_trials = 2\n"
        << "[hardware]\nconfig = \"" << test::source_path("configs/hw/mnsim-2024.toml")
        << "\"\n[data]\nconfig = \"data.toml\"\n"
        << "[train]\nepochs = 1\nbatch_size = 32\nthreads = 1\n"
        << "[objective]\nfitness = \"accuracy/energy\"\n";
  }
  static void TearDownTestSuite() { fs::remove_all(dir); }

  static std::string search(const std::string& name, const std::string& extra = "") {
    return "search '" + (dir / "search.toml").string() + "' --runs-dir '" + (dir / "runs").string() + "' --name " +
           name + " " + extra;
  }
  static fs::path run_dir(const std::string& name) { return dir / "runs" / name; }
  static std::vector<explore::TrialRecord> trials(const std::string& name) {
    return explore::StudyDb::open((run_dir(name) / "study.db").string()).trials();
  }
  /// The trials of a study another process is writing; none while it is still being created.
  static std::vector<explore::TrialRecord> trials_so_far(const std::string& name) {
    try {
      return fs::exists(run_dir(name) / "study.db") ? trials(name) : std::vector<explore::TrialRecord>{};
    } catch (const explore::StudyError&) {
      return {};
    }
  }
  static int count(const std::vector<explore::TrialRecord>& t, explore::TrialState s) {
    return static_cast<int>(std::count_if(t.begin(), t.end(), [&](const auto& r) { return r.state == s; }));
  }

  static fs::path dir;
};
fs::path SearchCli::dir;

TEST_F(SearchCli, RunNameCannotEscapeTheRunsDirectory) {
  for (const char* bad : {"..", "a/b/c", ".hidden"}) {
    const CliRun r = imcnas(search(std::string("'") + bad + "'", "--trials 1"));
    EXPECT_EQ(r.exit_code, 1) << bad << "\n" << r.output;
    EXPECT_NE(r.output.find("one plain directory name"), std::string::npos) << r.output;
  }
  EXPECT_FALSE(fs::exists(dir / "config.toml"));
  EXPECT_FALSE(fs::exists(dir / "trials.csv"));
  EXPECT_FALSE(fs::exists(dir / "runs" / "a"));
}

TEST_F(SearchCli, ASupernetTrainsScoresChecksItsRankingAndServesASearchWithEverySampler) {
  const std::string runs = "--runs-dir '" + (dir / "runs").string() + "'";
  const CliRun train = imcnas("supernet train '" + (dir / "search.toml").string() + "' --name sn " + runs);
  ASSERT_EQ(train.exit_code, 0) << train.output;
  const fs::path run = run_dir("sn");
  const CliRun eval = imcnas("supernet eval '" + run.string() + "' --arch VGG/4,RES/8 --json");
  ASSERT_EQ(eval.exit_code, 0) << eval.output;
  const auto j = nlohmann::json::parse(eval.output.substr(eval.output.find('{')));
  EXPECT_EQ(j.at("architecture"), "VGG/4,RES/8");
  EXPECT_EQ(j.at("evaluator"), "oneshot");
  EXPECT_GT(j.at("latency_ms").get<double>(), 0);

  const std::string check = "supernet rank-check '" + run.string() + "' --sample 3 --json";
  const CliRun first = imcnas(check);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const auto r = nlohmann::json::parse(first.output.substr(first.output.find("{\n")));
  ASSERT_EQ(r.at("pairs").size(), 3u);
  const double tau = r.at("supernet_vs_seed_a").at("kendall_tau");
  EXPECT_GE(tau, -1.0);
  EXPECT_LE(tau, 1.0);
  EXPECT_LE(r.at("seed_a_vs_seed_b").at("tau_low").get<double>(), r.at("seed_a_vs_seed_b").at("kendall_tau"));
  for (const auto& p : r.at("pairs")) EXPECT_GT(p.at("seed_a_accuracy").get<double>(), 0) << p;
  const std::string csv = test::read_text((run / "rank-check.csv").string());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5) << csv;  // the budget line, the header, 3 pairs
  // A second check of the same sample reads the pairs back instead of training again.
  const CliRun again = imcnas(check);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(nlohmann::json::parse(again.output.substr(again.output.find("{\n"))).at("pairs"), r.at("pairs"));
  EXPECT_EQ(imcnas("supernet rank-check '" + run.string() + "' --sample 1").exit_code, 1);

  // Another supernet of the same space and budget reuses those standalone trainings; one of
  // another training budget may not.
  const std::string csv_path = (run / "rank-check.csv").string();
  ASSERT_EQ(imcnas("supernet train '" + (dir / "search.toml").string() + "' --name sn2 --set supernet.epochs=2 " + runs)
                .exit_code,
            0);
  const CliRun reused = imcnas("supernet rank-check '" + run_dir("sn2").string() +
                               "' --sample 3 --json --standalone-from '" + csv_path + "'");
  ASSERT_EQ(reused.exit_code, 0) << reused.output;
  const auto pairs = nlohmann::json::parse(reused.output.substr(reused.output.find("{\n"))).at("pairs");
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(pairs[i].at("seed_b_accuracy"), r.at("pairs")[i].at("seed_b_accuracy"));
  ASSERT_EQ(imcnas("supernet train '" + (dir / "search.toml").string() +
                   "' --name sn3 --set supernet.epochs=1 --set train.learning_rate=0.003 " + runs)
                .exit_code,
            0);
  const CliRun refused =
      imcnas("supernet rank-check '" + run_dir("sn3").string() + "' --sample 3 --standalone-from '" + csv_path + "'");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("another budget or data"), std::string::npos) << refused.output;

  // A search over it, with every sampler: each trial is scored by the supernet, none trained.
  const std::string oneshot = "--set evaluator.kind='\"oneshot\"' --set evaluator.supernet='\"" + run.string() + "\"' ";
  for (const char* sampler : {"random", "tpe", "tpe-multivariate", "nsga2", "evolution"}) {
    const std::string name = std::string("os-") + sampler;
    const std::string sampler_set = std::string(sampler) == "tpe-multivariate"
                                        ? "--set sampler.name='\"tpe\"' --set sampler.multivariate=true"
                                        : std::string("--set sampler.name='\"") + sampler + "\"'";
    const CliRun r = imcnas(search(name, oneshot + sampler_set + " --set supernet.retrain_top=0 --trials 6"));
    ASSERT_EQ(r.exit_code, 0) << sampler << "\n" << r.output;
    const std::vector<explore::TrialRecord> t = trials(name);
    ASSERT_EQ(t.size(), 6u) << sampler;
    for (const explore::TrialRecord& trial : t) {
      if (trial.state != explore::TrialState::Complete || trial.cached_from) continue;
      EXPECT_GT(trial.metrics.at("supernet_steps"), 0) << sampler << " trial " << trial.number;
      EXPECT_EQ(trial.metrics.at("epochs_run"), 0) << sampler;
      // The objective reads the quantized accuracy: the clean pass is skipped.
      EXPECT_EQ(trial.metrics.count("accuracy_clean"), 0u) << sampler;
      EXPECT_GT(trial.metrics.count("accuracy_quantized"), 0u) << sampler;
    }
    EXPECT_GE(count(t, explore::TrialState::Complete), 1) << sampler;
  }
  // The best two retrained from scratch, shown next to their estimates; a resume repeats none.
  const CliRun retrain = imcnas(search("os-retrain", oneshot + "--set supernet.retrain_top=2 --trials 6"));
  ASSERT_EQ(retrain.exit_code, 0) << retrain.output;
  EXPECT_NE(retrain.output.find("retraining the best 2 trial(s) from scratch, 1 seed(s) each"), std::string::npos)
      << retrain.output;
  const auto retrained = [&] {
    return explore::StudyDb::open((run_dir("os-retrain") / "study.db").string()).retrained();
  };
  ASSERT_EQ(retrained().size(), 2u);
  for (const explore::RetrainRecord& r : retrained()) {
    EXPECT_TRUE(r.fitness.has_value()) << r.error;
    EXPECT_GT(r.metrics.at("epochs_run"), 0) << "trained, not estimated";
    EXPECT_EQ(r.metrics.count("supernet_steps"), 0u);
  }
  const std::string best_md = test::read_text((run_dir("os-retrain") / "best.md").string());
  EXPECT_NE(best_md.find("## Retrained from scratch"), std::string::npos) << best_md;
  EXPECT_NE(best_md.find("| Trial | Architecture | Supernet estimate | Retrained accuracy |"), std::string::npos);
  EXPECT_NE(test::read_text((run_dir("os-retrain") / "best.tex").string()).find("Supernet (\\%) & Retrained (\\%)"),
            std::string::npos);
  const CliRun resumed = imcnas("search --resume '" + run_dir("os-retrain").string() + "'");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(resumed.output.find("seed 2:"), std::string::npos) << resumed.output;
  EXPECT_EQ(retrained().size(), 2u);

  const CliRun wrong = imcnas(search("os-missing", "--set evaluator.kind='\"oneshot\"' --set evaluator.supernet='\"" +
                                                       (dir / "nothing").string() + "\"'"));
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.output.find("no supernet.toml there"), std::string::npos) << wrong.output;
}

TEST_F(SearchCli, WritesACompleteRunDirectoryAndReportRegeneratesIt) {
  const CliRun r = imcnas(search("e2e"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("finished: 4 trial(s)"), std::string::npos) << r.output;
  const fs::path run = run_dir("e2e");
  for (const char* f :
       {"study.db", "config.toml", "trials.csv", "best.md", "best.tex", "pareto.csv", "plots/accuracy_vs_latency.svg",
        "plots/accuracy_vs_energy.png", "plots/pareto.svg", "plots/best_so_far.png"})
    EXPECT_TRUE(fs::exists(run / f)) << f;
  const std::string tex = test::read_text((run / "best.tex").string());
  EXPECT_NE(tex.find("\\toprule"), std::string::npos) << tex;
  EXPECT_NE(tex.find("Latency (ms) & Energy (mJ) & Fitness (1/mJ)"), std::string::npos) << tex;
  EXPECT_NE(test::read_text((run / "best.md").string()).find("- imcnas 0.1.0"), std::string::npos);
  const std::vector<explore::TrialRecord> t = trials("e2e");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_GE(count(t, explore::TrialState::Complete), 1);
  const std::string best = test::read_text((run / "best.md").string());
  EXPECT_NE(best.find("| accuracy/energy | tiny |"), std::string::npos) << best;
  const std::string csv = test::read_text((run / "trials.csv").string());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5) << csv;

  // The best trial's trained model is kept, and only it; its ONNX file is its network.
  std::vector<std::string> models;
  for (const auto& d : fs::directory_iterator(run / "models")) models.push_back(d.path().filename().string());
  // The best trial as best.md picks it: the highest fitness among the complete, the first on ties.
  std::optional<size_t> best_index;
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i].state == explore::TrialState::Complete && t[i].fitness &&
        (!best_index || *t[i].fitness > *t[*best_index].fitness))
      best_index = i;
  ASSERT_TRUE(best_index);
  const std::string kept = "trial-" + std::to_string(t[*best_index].number);
  EXPECT_EQ(models, std::vector<std::string>{kept});
  for (const char* f : {"net.toml", "weights.pt", "net.onnx"}) EXPECT_TRUE(fs::exists(run / "models" / kept / f)) << f;
  EXPECT_NE(best.find("Its trained model: `models/" + kept + "/`"), std::string::npos) << best;
  const nlohmann::json from_onnx =
      nlohmann::json::parse(imcnas("net show --json '" + (run / "models" / kept / "net.onnx").string() + "'").output);
  const nlohmann::json from_toml =
      nlohmann::json::parse(imcnas("net show --json '" + (run / "models" / kept / "net.toml").string() + "'").output);
  EXPECT_EQ(from_onnx.at("layers"), from_toml.at("layers"));
  EXPECT_EQ(from_onnx.at("total_params"), t[*best_index].metrics.at("params"));

  fs::remove(run / "best.md");
  fs::remove_all(run / "plots");
  const CliRun report = imcnas("report '" + run.string() + "'");
  EXPECT_EQ(report.exit_code, 0) << report.output;
  const CliRun json = imcnas("report --no-plots --json '" + run.string() + "' 2>/dev/null");
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json j = nlohmann::json::parse(json.output);
  EXPECT_EQ(j.at("schema"), "imcnas.study.v1");
  EXPECT_EQ(j.at("trials"), 4);
  EXPECT_TRUE(j.at("best").contains("architecture"));
  EXPECT_TRUE(fs::exists(run / "best.md"));
  EXPECT_TRUE(fs::exists(run / "plots/pareto.png"));
}

TEST_F(SearchCli, SameSeedSameTrajectoryAndResults) {
  ASSERT_EQ(imcnas(search("seed_a", "--trials 3")).exit_code, 0);
  ASSERT_EQ(imcnas(search("seed_b", "--trials 3")).exit_code, 0);
  const auto a = trials("seed_a"), b = trials("seed_b");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].params, b[i].params);
    EXPECT_EQ(a[i].seed, b[i].seed);
    EXPECT_EQ(a[i].fitness, b[i].fitness);  // bit-identical simulation and training
    for (const char* m : {"latency_ms", "energy_mj", "accuracy"}) {
      if (a[i].metrics.count(m)) {
        EXPECT_EQ(a[i].metrics.at(m), b[i].metrics.at(m)) << m;
      }
    }
  }
}

/// The trials that count (abandoned ones are asked again on resume), in trial order.
std::vector<explore::TrialRecord> counted(const std::vector<explore::TrialRecord>& all) {
  std::vector<explore::TrialRecord> out;
  for (const explore::TrialRecord& t : all)
    if (t.state != explore::TrialState::Abandoned) out.push_back(t);
  return out;
}

// docs/search.md, "Resume": a study stopped after 2 trials, or interrupted by Ctrl-C in the
// middle of one, then resumed, follows the trajectory of one that ran straight through: the same
// points (TPE is past its 2 start-up trials), seeds and results.
TEST_F(SearchCli, AResumedStudyFollowsTheUninterruptedTrajectory) {
  ASSERT_EQ(imcnas(search("straight", "--trials 4")).exit_code, 0);
  const auto straight = trials("straight");
  ASSERT_EQ(straight.size(), 4u);

  ASSERT_EQ(imcnas(search("stopped", "--trials 2")).exit_code, 0);
  const std::string log = (dir / "traj.log").string();
  const pid_t pid = imcnas_background("search --resume '" + run_dir("stopped").string() + "' --trials 4", log);
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 600 && alive(pid) && trials_so_far("stopped").size() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ::kill(pid, SIGINT);  // most likely while trial 3 trains
  for (int i = 0; i < 600 && alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const CliRun resumed = imcnas("search --resume '" + run_dir("stopped").string() + "' --trials 4");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;

  const auto stopped = counted(trials("stopped"));
  ASSERT_EQ(stopped.size(), straight.size());
  for (size_t i = 0; i < straight.size(); ++i) {
    EXPECT_EQ(stopped[i].params, straight[i].params) << i;
    EXPECT_EQ(stopped[i].seed, straight[i].seed) << i;
    EXPECT_EQ(stopped[i].state, straight[i].state) << i;
    EXPECT_EQ(stopped[i].fitness, straight[i].fitness) << i;  // bit-identical
  }
}

TEST_F(SearchCli, ExistingRunIsNotOverwritten) {
  ASSERT_EQ(imcnas(search("twice", "--trials 1")).exit_code, 0);
  const CliRun again = imcnas(search("twice", "--trials 1"));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("--resume"), std::string::npos) << again.output;
}

// A broken hardware override or data config is found before runs/NAME exists, so fixing it and
// running again works (it used to leave a study behind that a rerun refused).
TEST_F(SearchCli, ABrokenConfigCreatesNothing) {
  const CliRun hw = imcnas(search("broken_hw", "--trials 1 --set 'hardware.set=[\"adc.bitz=6\"]'"));
  EXPECT_EQ(hw.exit_code, 1) << hw.output;
  EXPECT_NE(hw.output.find("adc.bitz"), std::string::npos) << hw.output;
  EXPECT_FALSE(fs::exists(run_dir("broken_hw")));
  const CliRun data = imcnas(search("broken_data", "--trials 1 --set data.config=nope.toml"));
  EXPECT_EQ(data.exit_code, 1) << data.output;
  EXPECT_FALSE(fs::exists(run_dir("broken_data")));
}

// A co-search: the ADC's bits and sample rate are sampled with the architecture; every trial
// is mapped, simulated and trained on its own hardware point, and the reports show it.
TEST_F(SearchCli, HardwareDimensionsAreSearchedWithTheArchitecture) {
  const std::string dims =
      " --set 'space.hardware=[{key = \"adc.bits\", values = [4, 8]}, "
      "{key = \"adc.sample_rate_gsps\", range = [0.25, 2.0], log = true}]'";
  const CliRun r = imcnas(search("cosearch", "--trials 4" + dims));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(" on adc.bits="), std::string::npos) << r.output;
  const std::string csv = test::read_text((run_dir("cosearch") / "trials.csv").string());
  EXPECT_NE(csv.find("adc.bits"), std::string::npos) << csv;
  EXPECT_NE(csv.find("adc.sample_rate_gsps"), std::string::npos) << csv;
  std::set<double> latencies;
  for (const explore::TrialRecord& t : trials("cosearch"))
    if (t.metrics.count("latency_ms")) latencies.insert(t.metrics.at("latency_ms"));
  EXPECT_GT(latencies.size(), 1u) << "the hardware points differ in latency";
  for (const char* plot : {"accuracy_vs_adc.bits.svg", "accuracy_vs_adc.sample_rate_gsps.png"})
    EXPECT_TRUE(fs::exists(run_dir("cosearch") / "plots" / plot)) << plot;
  const CliRun typo =
      imcnas(search("cosearch_typo", "--trials 1 --set 'space.hardware=[{key = \"adc.bitz\", values = [4]}]'"));
  EXPECT_EQ(typo.exit_code, 1) << typo.output;
  EXPECT_NE(typo.output.find("'adc.bitz' is not a key of the hardware config"), std::string::npos) << typo.output;
  EXPECT_FALSE(fs::exists(run_dir("cosearch_typo")));
}

/// The ADC bits of the trials on a run's Pareto front (pareto.csv), of a co-search over
/// adc.bits = [3, 8].
std::set<int> adc_bits_on_the_front(const fs::path& run, const std::vector<explore::TrialRecord>& trials) {
  std::set<int> bits;
  std::istringstream csv(test::read_text((run / "pareto.csv").string()));
  std::string line;
  bool header = true;
  while (std::getline(csv, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (std::exchange(header, false)) continue;
    const explore::TrialRecord& t = trials.at(std::stoul(line.substr(0, line.find(','))));
    bits.insert(t.params.at("adc.bits") == 0 ? 3 : 8);  // categorical: the index of the value
  }
  return bits;
}

// One network on two ADCs, priced by their bits, fitness accuracy/energy: scored by accuracy_hw
// the wide ADC is on the Pareto front of accuracy, latency and energy (the 3-bit one reads
// nothing of a 256-row group); scored by quantized accuracy, which no ADC touches, the cheap ADC
// dominates and the config is warned.
TEST_F(SearchCli, ACoSearchScoringAccuracyHwKeepsTheWideAdcOnTheFront) {
  const std::string co_search =
      "--trials 6 --set space.min_blocks=1 --set space.max_blocks=1 --set 'space.kernels=[8]' "
      "--set 'space.block_types=[\"VGG\"]' --set 'space.hardware=[{key = \"adc.bits\", values = [3, 8]}]' "
      "--set 'hardware.set=[\"adc.model=\\\"survey\\\"\"]' --set sampler.name=random ";
  const CliRun hw = imcnas(search("adc_hw", co_search + "--set objective.accuracy=hw"));
  ASSERT_EQ(hw.exit_code, 0) << hw.output;
  EXPECT_EQ(hw.output.find("warning:"), std::string::npos) << hw.output;
  const std::vector<explore::TrialRecord> hw_trials = trials("adc_hw");
  std::set<double> sampled;
  for (const explore::TrialRecord& t : hw_trials) sampled.insert(t.params.at("adc.bits"));
  ASSERT_EQ(sampled.size(), 2u) << "both ADCs were tried";
  EXPECT_TRUE(adc_bits_on_the_front(run_dir("adc_hw"), hw_trials).count(8));

  const CliRun quantized = imcnas(search("adc_quantized", co_search + "--set objective.accuracy=quantized"));
  ASSERT_EQ(quantized.exit_code, 0) << quantized.output;
  EXPECT_NE(quantized.output.find("warning: "), std::string::npos) << quantized.output;
  EXPECT_NE(quantized.output.find("space.hardware[0].key = \"adc.bits\""), std::string::npos) << quantized.output;
  EXPECT_EQ(adc_bits_on_the_front(run_dir("adc_quantized"), trials("adc_quantized")), std::set<int>{3});
}

TEST_F(SearchCli, KillNineLosesNoFinishedTrialAndResumeContinues) {
  const std::string log = (dir / "kill.log").string();
  const pid_t pid = imcnas_background(search("killed", "--trials 200"), log);
  ASSERT_GT(pid, 0);
  std::vector<explore::TrialRecord> before;
  for (int i = 0; i < 600 && alive(pid); ++i) {  // at most a minute
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    before = trials_so_far("killed");
    if (count(before, explore::TrialState::Complete) + count(before, explore::TrialState::Infeasible) >= 2) break;
  }
  ASSERT_TRUE(alive(pid)) << test::read_text(log);
  ::kill(pid, SIGKILL);
  while (alive(pid)) std::this_thread::sleep_for(std::chrono::milliseconds(20));

  const std::vector<explore::TrialRecord> after = trials("killed");
  ASSERT_GE(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i)
    if (before[i].state != explore::TrialState::Running) {  // every finished trial survived as it was
      EXPECT_EQ(after[i].state, before[i].state);
      EXPECT_EQ(after[i].fitness, before[i].fitness);
    }
  const int finished = static_cast<int>(after.size()) - count(after, explore::TrialState::Running);
  const CliRun resumed =
      imcnas("search --resume '" + run_dir("killed").string() + "' --trials " + std::to_string(finished + 1));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  const std::vector<explore::TrialRecord> final_trials = trials("killed");
  EXPECT_EQ(count(final_trials, explore::TrialState::Running), 0);
  EXPECT_EQ(count(final_trials, explore::TrialState::Abandoned), count(after, explore::TrialState::Running));
}

// Two worker processes: every trial is recorded with the worker that ran it, and the report is
// written as for one process.
TEST_F(SearchCli, TwoWorkersRunEveryTrialAndRecordWhichRanIt) {
  const CliRun r = imcnas(search("workers", "--trials 6 --workers 2"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 worker processes, 1 LibTorch thread(s) each"), std::string::npos) << r.output;
  const std::vector<explore::TrialRecord> t = trials("workers");
  ASSERT_EQ(t.size(), 6u);
  std::set<std::string> workers;
  for (const explore::TrialRecord& trial : t) {
    EXPECT_NE(trial.state, explore::TrialState::Running);
    EXPECT_NE(trial.state, explore::TrialState::Failed) << trial.error;
    if (!trial.worker.empty()) workers.insert(trial.worker);
  }
  EXPECT_EQ(workers, (std::set<std::string>{"worker 0", "worker 1"}));
  EXPECT_TRUE(fs::exists(run_dir("workers") / "best.md"));
  const CliRun too_many = imcnas(search("workers_many", "--trials 2 --workers 3"));
  EXPECT_EQ(too_many.exit_code, 1);
  EXPECT_NE(too_many.output.find("--workers 3 is more than the 2 trial(s) the study still needs"), std::string::npos)
      << too_many.output;
  EXPECT_NE(imcnas(search("workers_zero", "--workers 0")).output.find("not in range 1 to 1024"), std::string::npos);
}

// A worker killed with -9 costs at most the trial it ran (failed, with the signal); another
// worker takes its place and the search finishes. Then a kill -9 of the search itself takes
// its workers with it, and --resume continues the study.
TEST_F(SearchCli, AKilledWorkerOrSearchLosesNoFinishedTrial) {
  const std::string log = (dir / "workers_kill.log").string();
  const pid_t pid = imcnas_background(search("workers_kill", "--trials 40 --workers 2 --set train.epochs=3"), log);
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 600 && alive(pid) && count(trials_so_far("workers_kill"), explore::TrialState::Running) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::vector<pid_t> workers = children_of(pid);
  ASSERT_EQ(workers.size(), 2u) << test::read_text(log);
  ::kill(workers[0], SIGKILL);
  for (int i = 0; i < 600 && alive(pid) && trials_so_far("workers_kill").size() < 8; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(alive(pid)) << test::read_text(log);
  workers = children_of(pid);
  ::kill(pid, SIGKILL);
  while (alive(pid)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (pid_t w : workers)  // they follow their parent
    for (int i = 0; i < 200 && alive(w); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (pid_t w : workers) EXPECT_FALSE(alive(w)) << "worker " << w << " outlived the search";

  const std::vector<explore::TrialRecord> after = trials("workers_kill");
  for (const explore::TrialRecord& t : after)
    if (t.state == explore::TrialState::Failed)
      EXPECT_NE(t.error.find("was killed by signal 9"), std::string::npos) << t.error;
  const int finished = static_cast<int>(after.size()) - count(after, explore::TrialState::Running);
  const CliRun resumed = imcnas("search --resume '" + run_dir("workers_kill").string() + "' --workers 2 --trials " +
                                std::to_string(finished + 2));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  const std::vector<explore::TrialRecord> final_trials = trials("workers_kill");
  EXPECT_EQ(count(final_trials, explore::TrialState::Running), 0);
  EXPECT_EQ(count(final_trials, explore::TrialState::Abandoned), count(after, explore::TrialState::Running));
}

// ASHA on 3-epoch trials: some trials stop after their first epoch, recorded as pruned with
// their learning curve; every trial that trained has one.
TEST_F(SearchCli, AshaPrunesTrialsAndRecordsTheirLearningCurves) {
  const CliRun r = imcnas(search("asha", "--trials 10 --set train.epochs=3 --set pruner.kind=asha"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<explore::TrialRecord> t = trials("asha");
  ASSERT_EQ(t.size(), 10u);
  int pruned = 0;
  for (const explore::TrialRecord& trial : t) {
    if (trial.state == explore::TrialState::Pruned) {
      ++pruned;
      EXPECT_LT(trial.intermediate.size(), 3u);
      EXPECT_NE(trial.error.find("pruned after epoch"), std::string::npos) << trial.error;
    }
    if (trial.state == explore::TrialState::Complete && !trial.cached_from) EXPECT_EQ(trial.intermediate.size(), 3u);
  }
  EXPECT_GT(pruned, 0) << r.output;
  EXPECT_NE(r.output.find(" pruned, "), std::string::npos) << r.output;
  EXPECT_NE(test::read_text((run_dir("asha") / "trials.csv").string()).find(",pruned,"), std::string::npos);
}

// MPI: rank 0 asks and records, ranks 1 and 2 evaluate; the same config, unchanged.
TEST_F(SearchCli, MpiRanksEvaluateTheTrials) {
  const std::string mpirun = "mpirun --allow-run-as-root --oversubscribe -n 3 '" + std::string(IMCNAS_BINARY) + "' ";
  const std::string cmd =
      "cd '" + std::string(IMCNAS_SOURCE_DIR) + "' && " + mpirun + search("mpi", "--trials 6") + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  ASSERT_EQ(pclose(pipe), 0) << out;
  EXPECT_NE(out.find("2 MPI evaluator ranks"), std::string::npos) << out;
  const std::vector<explore::TrialRecord> t = trials("mpi");
  ASSERT_EQ(t.size(), 6u);
  std::set<std::string> ranks;
  for (const explore::TrialRecord& trial : t) {
    EXPECT_NE(trial.state, explore::TrialState::Running);
    if (!trial.worker.empty()) ranks.insert(trial.worker);
  }
  for (const std::string& r : ranks) EXPECT_TRUE(r == "rank 1" || r == "rank 2") << r;
  EXPECT_FALSE(ranks.empty());
}

/// The MPI rank of an mpirun child (from its environment), or -1.
int mpi_rank_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ");
  const std::string key = "OMPI_COMM_WORLD_RANK=";
  for (std::string var; std::getline(in, var, '\0');)
    if (var.rfind(key, 0) == 0) return std::stoi(var.substr(key.size()));
  return -1;
}

// Under mpirun --enable-recovery, an evaluator rank killed with -9 mid-trial costs that trial
// (failed, with the reason) and the search finishes on the other rank.
TEST_F(SearchCli, AKilledMpiRankFailsOnlyItsTrial) {
  const std::string log = (dir / "mpi_kill.log").string();
  const pid_t mpirun = test::start_background(
      "mpirun --allow-run-as-root --oversubscribe --enable-recovery -n 3 '" + std::string(IMCNAS_BINARY) + "' " +
          search("mpi_kill", "--trials 12 --set train.epochs=30 --rank-timeout-s 2 --no-plots"),
      log);
  ASSERT_GT(mpirun, 0);
  auto running_on_rank_2 = [&] {
    for (const explore::TrialRecord& t : trials_so_far("mpi_kill"))
      if (t.state == explore::TrialState::Running && t.worker == "rank 2") return true;
    return false;
  };
  for (int i = 0; i < 1200 && alive(mpirun) && !running_on_rank_2(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  pid_t rank2 = -1;
  for (pid_t child : children_of(mpirun))
    if (mpi_rank_of(child) == 2) rank2 = child;
  ASSERT_GT(rank2, 0) << test::read_text(log);
  ::kill(rank2, SIGKILL);
  for (int i = 0; i < 1200 && alive(mpirun); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_FALSE(alive(mpirun)) << test::read_text(log);

  const std::string out = test::read_text(log);
  EXPECT_NE(out.find("finished: 12 trial(s)"), std::string::npos) << out;
  const std::vector<explore::TrialRecord> t = trials("mpi_kill");
  ASSERT_EQ(t.size(), 12u);
  EXPECT_EQ(count(t, explore::TrialState::Running), 0);
  // The kill lands mid-trial or, rarely, just between two trials (then nothing is lost).
  EXPECT_LE(count(t, explore::TrialState::Failed), 1) << out;
  for (const explore::TrialRecord& trial : t)
    if (trial.state == explore::TrialState::Failed) {
      EXPECT_EQ(trial.worker, "rank 2");
      EXPECT_NE(trial.error.find("evaluator rank 2 went silent for"), std::string::npos) << trial.error;
    }
}

TEST_F(SearchCli, ALiveStudyIsLockedAgainstASecondProcess) {
  const std::string log = (dir / "live.log").string();
  const pid_t pid = imcnas_background(search("live", "--trials 200"), log);
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 600 && alive(pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!trials_so_far("live").empty()) break;
  }
  ASSERT_TRUE(alive(pid)) << test::read_text(log);
  const CliRun resume = imcnas("search --resume '" + run_dir("live").string() + "'");
  EXPECT_EQ(resume.exit_code, 1) << resume.output;
  EXPECT_NE(resume.output.find("is in use by imcnas pid"), std::string::npos) << resume.output;
  const CliRun again = imcnas(search("live", "--trials 1"));
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_TRUE(again.output.find("in use") != std::string::npos ||
              again.output.find("already holds a study") != std::string::npos)
      << again.output;
  EXPECT_EQ(count(trials("live"), explore::TrialState::Abandoned), 0) << "the refused process touched no trial";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(alive(pid)) << "the live search goes on: " << test::read_text(log);
  ::kill(pid, SIGINT);
  for (int i = 0; i < 600 && alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(test::read_text(log).find("is not running"), std::string::npos) << test::read_text(log);
}

TEST_F(SearchCli, InterruptLeavesAConsistentStudy) {
  const std::string log = (dir / "int.log").string();
  const pid_t pid = imcnas_background(search("interrupted", "--trials 200"), log);
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 600 && alive(pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!trials_so_far("interrupted").empty()) break;
  }
  ::kill(pid, SIGINT);
  for (int i = 0; i < 600 && alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(alive(pid));
  const std::string out = test::read_text(log);
  EXPECT_NE(out.find("continue with: imcnas search --resume"), std::string::npos) << out;
  const std::vector<explore::TrialRecord> t = trials("interrupted");
  EXPECT_EQ(count(t, explore::TrialState::Running), 0);
  EXPECT_TRUE(fs::exists(run_dir("interrupted") / "best.md"));
}

TEST_F(SearchCli, CorruptOrForeignDatabaseIsAClearError) {
  fs::create_directories(run_dir("corrupt"));
  std::ofstream(run_dir("corrupt") / "study.db") << "this is not a database, just some text that is long enough";
  CliRun r = imcnas("search --resume '" + run_dir("corrupt").string() + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("not an SQLite database or corrupt"), std::string::npos) << r.output;

  fs::create_directories(run_dir("foreign"));
  sqlite3* other = nullptr;
  sqlite3_open((run_dir("foreign") / "study.db").c_str(), &other);
  sqlite3_exec(other, "CREATE TABLE t (x INTEGER)", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  r = imcnas("report '" + run_dir("foreign").string() + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("not an imcnas study"), std::string::npos) << r.output;
}

TEST_F(SearchCli, NetworkThatDoesNotFitIsInfeasibleAndTheSearchGoesOn) {
  const CliRun r =
      imcnas(search("nofit", "--trials 2 --set hardware.config=" + test::source_path("configs/hw/edge-small.toml") +
                                 " --set 'space.kernels=[512]' --set space.head_hidden=8192"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<explore::TrialRecord> t = trials("nofit");
  ASSERT_EQ(t.size(), 2u);
  for (const explore::TrialRecord& trial : t) {
    EXPECT_EQ(trial.state, explore::TrialState::Infeasible);
    EXPECT_NE(trial.error.find("does not fit the chip"), std::string::npos) << trial.error;
    EXPECT_NE(trial.error.find("has 64"), std::string::npos) << trial.error;
  }
}

TEST_F(SearchCli, MissingDatasetIsAClearError) {
  std::ofstream(dir / "nodata.toml") << "name = \"gone\"\nformat = \"idx\"\ntrain_images = \"nope\"\n"
                                     << "train_labels = \"nope\"\ntest_images = \"nope\"\ntest_labels = \"nope\"\n";
  const CliRun r = imcnas(search("nodata", "--set data.config=" + (dir / "nodata.toml").string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("dataset error"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("nope"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace imc::cli
