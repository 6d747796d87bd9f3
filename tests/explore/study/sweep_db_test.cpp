// SPDX-License-Identifier: MIT
// The sweep database: results round trip bit for bit, a result recorded again replaces the old
// one, and a study is not a sweep (nor the other way round).
#include "explore/study/sweep_db.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "explore/study/study_db.h"
#include "tests/test_util.h"

namespace imc::explore {
namespace {

SweepResult result(int64_t index, double latency_ms) {
  SweepResult r;
  r.index = index;
  r.network = "resnet18";
  r.point = {{"adc.bits", "6", "adc.bits=6"}, {"chip.placement", "\"snake\"", "x"}};
  r.metrics = {{"latency_ms", latency_ms}, {"energy_mj", 0.1 + 0.2}, {"tops_per_w", std::nan("")}};
  return r;
}

TEST(SweepDb, ResultsRoundTripBitForBitInDesignOrder) {
  const std::string path = test::fresh_db_path("sweep_roundtrip.db");
  {
    SweepDb db = SweepDb::create(path, {"s", "[sweep]\n", "/abs/s.toml", {"sweep.name=s"}, 4});
    SweepResult bad = result(0, 0);
    bad.feasible = false;
    bad.reason = "does not fit: needs 600 tiles";
    bad.metrics.clear();
    db.record({result(3, 1.0 / 3.0), bad});
    db.record({result(1, 2.5)});
    db.record({result(3, 1.0 / 7.0)});  // again: replaces
  }
  const SweepDb db = SweepDb::open(path);
  EXPECT_EQ(db.meta().total_points, 4);
  EXPECT_EQ(db.meta().config_path, "/abs/s.toml");
  EXPECT_EQ(db.meta().overrides, std::vector<std::string>{"sweep.name=s"});
  const std::vector<SweepResult> rs = db.results();
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].index, 1);
  EXPECT_EQ(rs[0].index, 0);
  EXPECT_FALSE(rs[0].feasible);
  EXPECT_EQ(rs[0].reason, "does not fit: needs 600 tiles");
  EXPECT_EQ(rs[2].index, 3);
  EXPECT_EQ(rs[2].metrics.at("latency_ms"), 1.0 / 7.0);  // exactly
  EXPECT_EQ(rs[2].metrics.at("energy_mj"), 0.1 + 0.2);
  EXPECT_TRUE(std::isnan(rs[2].metrics.at("tops_per_w")));
  ASSERT_EQ(rs[2].point.size(), 2u);
  EXPECT_EQ(rs[2].point[1].key_path, "chip.placement");
  EXPECT_EQ(rs[2].point[1].value_text, "\"snake\"");
}

TEST(SweepDb, AStudyIsNotASweepAndASweepIsNotAStudy) {
  const std::string study = test::fresh_db_path("not_a_sweep.db");
  StudyDb::create(study, {"q", "", "tpe", 1});
  EXPECT_NE(imc::test::error_of<StudyError>([&] { SweepDb::open(study); }).find("not an imcnas sweep"),
            std::string::npos);
  const std::string sweep = test::fresh_db_path("not_a_study.db");
  SweepDb::create(sweep, {"s", "", "", {}, 1});
  EXPECT_NE(imc::test::error_of<StudyError>([&] { StudyDb::open(sweep); }).find("not an imcnas study"),
            std::string::npos);
  EXPECT_NE(imc::test::error_of<StudyError>([&] {
              SweepDb::create(sweep, {"s", "", "", {}, 1});
            }).find("a sweep already exists here"),
            std::string::npos);
  EXPECT_NE(
      imc::test::error_of<StudyError>([&] { SweepDb::open(test::fresh_db_path("nothing.db")); }).find("no such sweep"),
      std::string::npos);
}

}  // namespace
}  // namespace imc::explore
