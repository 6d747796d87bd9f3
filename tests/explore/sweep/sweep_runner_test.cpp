// SPDX-License-Identifier: MIT
// The sweep runner: a point's result does not depend on the process, the order or what ran
// before it, so a stopped sweep resumed later, or one run in worker processes, equals one run
// straight through in this process.
#include "explore/sweep/sweep_runner.h"

#include <gtest/gtest.h>

namespace imc::explore {
namespace {

config::SweepConfig sweep(const std::string& level, const std::string& cell_bits = "[1, 4]") {
  return config::parse_sweep_config(
      "[sweep]\nnetworks = [\"lenet\", \"modela\"]\nlevel = \"" + level + "\"\n[hardware]\nconfig = \"" +
          std::string(IMCNAS_SOURCE_DIR) +
          "/configs/hw/mnsim-2024.toml\"\nset = [\"adc.model=survey\"]\n"
          "[[axes]]\nkey = \"adc.bits\"\nvalues = [4, 8]\n"
          "[[axes]]\nkey = \"noc.inter_tile_bandwidth_gbps\"\nrange = [5.0, 40.0]\ncount = 3\n"
          "[[axes]]\nkey = \"crossbar.bits_per_cell\"\nvalues = " +
          cell_bits + "\n",  // 4 bits per cell: infeasible
      "test.toml");
}

std::map<int64_t, SweepResult> run(SweepEvaluator& e, SweepRunOptions options) {
  std::map<int64_t, SweepResult> out;
  run_sweep(e, options, [&](const SweepResult& r) { EXPECT_TRUE(out.emplace(r.index, r).second) << r.index; });
  return out;
}

void expect_same(const std::map<int64_t, SweepResult>& a, const std::map<int64_t, SweepResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [i, r] : a) {
    const SweepResult& s = b.at(i);
    EXPECT_EQ(r.network, s.network) << i;
    EXPECT_EQ(r.feasible, s.feasible) << i;
    EXPECT_EQ(r.reason, s.reason) << i;
    EXPECT_EQ(r.metrics, s.metrics) << i << ": bit-identical metrics";
  }
}

TEST(SweepRunner, StoppedAndResumedOrInWorkersEqualsStraightThrough) {
  SweepEvaluator e(sweep("analytic"));
  ASSERT_EQ(e.size(), 2 * 2 * 3 * 2);
  const auto straight = run(e, {});
  size_t feasible = 0;
  for (const auto& [i, r] : straight) {
    feasible += r.feasible;
    EXPECT_EQ(r.network, i < 12 ? "lenet" : "modela");
    if (!r.feasible) {
      EXPECT_NE(r.reason.find("bits_per_cell"), std::string::npos) << r.reason;
    }
  }
  EXPECT_EQ(feasible, 12u);

  std::atomic<bool> stop{false};
  std::map<int64_t, SweepResult> first;
  SweepRunOptions options;
  options.stop = &stop;
  const size_t left = run_sweep(e, options, [&](const SweepResult& r) {
    first.emplace(r.index, r);
    if (first.size() == 10) stop = true;
  });
  EXPECT_EQ(left, 14u);
  SweepRunOptions resume;
  for (const auto& [i, r] : first) resume.skip.insert(i);
  resume.jobs = 2;
  auto rest = run(e, resume);
  EXPECT_EQ(rest.size(), 14u);
  rest.insert(first.begin(), first.end());
  expect_same(straight, rest);
}

/// A sweep whose evaluation of one point hits a software fault.
class FaultyEvaluator : public SweepEvaluator {
 public:
  FaultyEvaluator(const config::SweepConfig& cfg, int64_t faulty) : SweepEvaluator(cfg), m_faulty(faulty) {}
  SweepResult evaluate(int64_t index) override {
    if (index == m_faulty) throw std::out_of_range("vector::at: a planted fault");
    return SweepEvaluator::evaluate(index);
  }

 private:
  int64_t m_faulty;
};

// A software fault is recorded as failed, not as an infeasible hardware point, and the same
// in this process as in workers; the other points are unaffected.
TEST(SweepRunner, AFaultIsAFailedPointAtAnyNumberOfJobs) {
  FaultyEvaluator here(sweep("analytic"), 4);
  const auto one = run(here, {});
  FaultyEvaluator in_workers(sweep("analytic"), 4);
  SweepRunOptions two;
  two.jobs = 2;
  const auto workers = run(in_workers, two);
  expect_same(one, workers);
  ASSERT_EQ(one.size(), 24u);
  for (const auto& [i, r] : one) {
    EXPECT_EQ(evaluation_failed(r), i == 4) << i << ": " << r.reason;
    if (i == 4) {
      EXPECT_FALSE(r.feasible);
      EXPECT_EQ(r.reason, "evaluation failed: vector::at: a planted fault");
      EXPECT_TRUE(r.metrics.empty());
    }
  }
  SweepEvaluator healthy(sweep("analytic"));
  const auto straight = run(healthy, {});
  EXPECT_TRUE(straight.at(4).feasible);  // the point itself is a good one
}

// Workers elaborate their own chips; this process elaborates its chip only after they are done.
// Only feasible points: under AddressSanitizer, an exception thrown after SystemC's processes ran
// trips a known false positive (scripts/sanitize.sh).
TEST(SweepRunner, SimulatedInWorkersEqualsSimulatedHere) {
  SweepEvaluator in_workers(sweep("simulate", "[1]"));
  SweepRunOptions two;
  two.jobs = 2;
  const auto workers = run(in_workers, two);
  SweepEvaluator here(sweep("simulate", "[1]"));
  expect_same(run(here, {}), workers);
}

}  // namespace
}  // namespace imc::explore
