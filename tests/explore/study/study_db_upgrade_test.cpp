// SPDX-License-Identifier: MIT
// A study.db of schema 3 (the cache flag a metric, the rejection a phrase of the error text)
// opens as schema 4 with both as fields of their own, every other byte of the trial kept.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "explore/study/study_db.h"
#include "explore/study/trial_stats.h"
#include "tests/test_util.h"

namespace imc::explore {
namespace {

// The schema of version 3 as imcnas 6a07fcc..47adccd wrote it.
const char* kSchema3 = R"(
PRAGMA application_id = 1229800270; PRAGMA user_version = 3;
CREATE TABLE study (name TEXT NOT NULL, config TEXT NOT NULL, sampler TEXT NOT NULL, seed INTEGER NOT NULL,
                    config_path TEXT NOT NULL, overrides TEXT NOT NULL);
CREATE TABLE trials (number INTEGER PRIMARY KEY, state TEXT NOT NULL, params TEXT NOT NULL, metrics TEXT NOT NULL,
  fitness REAL, stage_seconds TEXT NOT NULL, seed INTEGER NOT NULL, error TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), finished_at TEXT,
  worker TEXT NOT NULL DEFAULT '', intermediate TEXT NOT NULL DEFAULT '{}');
INSERT INTO study VALUES ('old', '[study]', 'tpe', 3, '', '[]');
INSERT INTO trials (number, state, params, metrics, fitness, stage_seconds, seed, error) VALUES
  (0, 'complete', '{"n":1.0}', '{"accuracy":0.75,"latency_ms":1.25}', 0.6, '{"total":1.0}', 1, ''),
  (1, 'infeasible', '{"n":2.0}', '{"latency_ms":3.5}', NULL, '{"total":0.5}', 2,
   'violates latency_ms = 3.5 exceeds its limit 2 (not trained)'),
  (2, 'complete', '{"n":1.0}', '{"accuracy":0.75,"cached_from_trial":0.0,"latency_ms":1.25}', 0.6, '{"total":0.1}',
   3, ''),
  (3, 'failed', '{"n":3.0}', '{}', NULL, '{"total":0.2}', 4, 'does not fit the chip');
)";

std::string column(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    out += (t ? reinterpret_cast<const char*>(t) : "NULL") + std::string("|");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

TEST(StudyDbUpgrade, Schema3MovesTheCacheFlagAndTheRejectionIntoFields) {
  const std::string path = test::fresh_db_path("schema3.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, kSchema3, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  EXPECT_THROW(StudyDb::open_read_only(path), StudyError) << "reading alone does not upgrade";

  const std::vector<TrialRecord> t = StudyDb::open(path).trials();
  ASSERT_EQ(t.size(), 4u);
  EXPECT_FALSE(t[0].cached_from);
  EXPECT_EQ(t[2].cached_from, 0);
  EXPECT_EQ(t[2].metrics, (std::map<std::string, double>{{"accuracy", 0.75}, {"latency_ms", 1.25}}));
  EXPECT_EQ(shown_metrics(t[2]).at("cached_from_trial"), 0.0) << "reports still show the column";
  EXPECT_FALSE(t[0].rejected_before_training);
  EXPECT_TRUE(t[1].rejected_before_training);
  EXPECT_FALSE(t[3].rejected_before_training);
  EXPECT_EQ(t[1].error, "violates latency_ms = 3.5 exceeds its limit 2 (not trained)");

  const StudyStats s = study_stats(t);
  EXPECT_EQ(s.cached, 1);
  EXPECT_EQ(s.rejected_before_training, 1);

  // The other metrics keep their text byte for byte; the file says it is schema 5 (4 -> 5 adds
  // the retrained table, empty).
  EXPECT_EQ(column(path, "SELECT metrics FROM trials ORDER BY number"),
            "{\"accuracy\":0.75,\"latency_ms\":1.25}|{\"latency_ms\":3.5}|{\"accuracy\":0.75,\"latency_ms\":1.25}|{}|");
  EXPECT_EQ(column(path, "PRAGMA user_version"), "5|");
  EXPECT_TRUE(StudyDb::open(path).retrained().empty());
  EXPECT_NO_THROW(StudyDb::open_read_only(path));
}

TEST(StudyDbUpgrade, NewTrialsRecordTheFlagsAsFields) {
  const std::string path = test::fresh_db_path("schema4_flags.db");
  {
    StudyDb db = StudyDb::create(path, {"new", "", "tpe", 1, "", {}});
    TrialRecord a;
    a.number = db.begin_trial({{"n", 1}}, 1);
    a.state = TrialState::Infeasible;
    a.rejected_before_training = true;
    db.finish_trial(a);
    TrialRecord b;
    b.number = db.begin_trial({{"n", 1}}, 2);
    b.state = TrialState::Infeasible;
    b.cached_from = a.number;
    db.finish_trial(b);
  }
  const std::vector<TrialRecord> t = StudyDb::open(path).trials();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t[0].rejected_before_training);
  EXPECT_FALSE(t[0].cached_from);
  EXPECT_FALSE(t[1].rejected_before_training);
  EXPECT_EQ(t[1].cached_from, 0);
  EXPECT_TRUE(t[1].metrics.empty()) << "the flag is not a metric";
}

}  // namespace
}  // namespace imc::explore
