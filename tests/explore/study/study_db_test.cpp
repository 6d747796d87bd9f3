// SPDX-License-Identifier: MIT
// The study database: lifecycle, resume, kill -9, corrupt and foreign files.
#include "explore/study/study_db.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "configs/search_config.h"
#include "explore/study/run_directory.h"
#include "explore/study/run_lock.h"
#include "nas/study/study_check.h"
#include "tests/test_util.h"

namespace imc::explore {
namespace {

TEST(StudyDb, TrialsAreStoredWithParamsMetricsTimingsAndErrors) {
  const std::string path = test::fresh_db_path("study_lifecycle.db");
  {
    StudyDb db = StudyDb::create(path, {"quick", "[search]\ntrials = 3\n", "tpe", 42});
    const int64_t a = db.begin_trial({{"n_blocks", 3}, {"lr", 0.01}}, 7);
    const int64_t b = db.begin_trial({{"n_blocks", 4}}, 8);
    EXPECT_EQ(a, 0);
    EXPECT_EQ(b, 1);
    db.finish_trial(a, TrialState::Complete, {{"accuracy", 0.9}, {"latency_ms", 1.5}}, 0.6, {{"train_s", 12.5}});
    db.finish_trial(b, TrialState::Infeasible, {}, std::nullopt, {{"map_s", 0.001}},
                    "needs 600 tiles, the chip has 64");
    EXPECT_THROW(db.finish_trial(a, TrialState::Failed, {}, std::nullopt, {}), StudyError);  // already finished
  }
  const StudyDb db = StudyDb::open(path);
  EXPECT_EQ(db.meta().name, "quick");
  EXPECT_EQ(db.meta().seed, 42u);
  const std::vector<TrialRecord> t = db.trials();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].state, TrialState::Complete);
  EXPECT_DOUBLE_EQ(t[0].params.at("lr"), 0.01);
  EXPECT_DOUBLE_EQ(t[0].metrics.at("latency_ms"), 1.5);
  EXPECT_DOUBLE_EQ(*t[0].fitness, 0.6);
  EXPECT_DOUBLE_EQ(t[0].stage_seconds.at("train_s"), 12.5);
  EXPECT_EQ(t[0].seed, 7u);
  EXPECT_EQ(t[1].state, TrialState::Infeasible);
  EXPECT_FALSE(t[1].fitness);
  EXPECT_EQ(t[1].error, "needs 600 tiles, the chip has 64");
  EXPECT_THROW(StudyDb::create(path, {"again", "", "tpe", 0}), StudyError);
}

TEST(StudyDb, RetrainingsAreStoredByTrialAndSeedAndReplaced) {
  const std::string path = test::fresh_db_path("study_retrained.db");
  {
    StudyDb db = StudyDb::create(path, {"oneshot", "", "evolution", 3});
    const int64_t a = db.begin_trial({{"n", 1}}, 1);
    db.finish_trial(a, TrialState::Complete, {{"accuracy", 0.7}}, 1.0, {});
    db.record_retrained({a, 5, {{"accuracy", 0.8}, {"latency_ms", 0.7}}, 1.14, ""});
    db.record_retrained({a, 4, {}, std::nullopt, "training failed: NaN loss"});
    db.record_retrained({a, 5, {{"accuracy", 0.82}, {"latency_ms", 0.7}}, 1.17, ""});  // the same again: replaced
  }
  const std::vector<RetrainRecord> r = StudyDb::open(path).retrained();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].seed, 4u);  // by trial, then seed
  EXPECT_FALSE(r[0].fitness);
  EXPECT_EQ(r[0].error, "training failed: NaN loss");
  EXPECT_EQ(r[1].seed, 5u);
  EXPECT_DOUBLE_EQ(r[1].metrics.at("accuracy"), 0.82);
  EXPECT_DOUBLE_EQ(*r[1].fitness, 1.17);
}

TEST(StudyDb, ResumeMarksTheTrialThatWasCutShort) {
  const std::string path = test::fresh_db_path("study_resume.db");
  {
    StudyDb db = StudyDb::create(path, {"r", "", "tpe", 0});
    db.finish_trial(db.begin_trial({{"x", 1}}, 0), TrialState::Complete, {}, 1.0, {});
    db.begin_trial({{"x", 2}}, 1);  // the process "dies" here
  }
  StudyDb db = StudyDb::open(path);
  EXPECT_EQ(db.abandon_running(), 1);
  const std::vector<TrialRecord> t = db.trials();
  EXPECT_EQ(t[1].state, TrialState::Abandoned);
  EXPECT_EQ(db.begin_trial({{"x", 3}}, 2), 2);  // numbering goes on
}

TEST(StudyDb, AKill9LosesNoFinishedTrial) {
  const std::string path = test::fresh_db_path("study_kill.db");
  StudyDb::create(path, {"k", "", "tpe", 0});
  int pipe_fd[2];
  ASSERT_EQ(pipe(pipe_fd), 0);
  const pid_t child = fork();
  if (child == 0) {  // the "search": finishes trials as fast as it can and reports each commit
    close(pipe_fd[0]);
    StudyDb db = StudyDb::open(path);
    for (int i = 0;; ++i) {
      const int64_t n = db.begin_trial({{"x", double(i)}}, 0);
      db.finish_trial(n, TrialState::Complete, {{"m", double(i)}}, double(i), {});
      if (write(pipe_fd[1], &i, sizeof i) != sizeof i) _exit(1);
    }
  }
  close(pipe_fd[1]);
  int last = -1, value = 0;
  while (last < 50 && read(pipe_fd[0], &value, sizeof value) == sizeof value) last = value;
  kill(child, SIGKILL);
  while (read(pipe_fd[0], &value, sizeof value) == sizeof value) last = value;  // commits reported before death
  close(pipe_fd[0]);
  waitpid(child, nullptr, 0);

  StudyDb db = StudyDb::open(path);
  db.abandon_running();
  int complete = 0;
  for (const TrialRecord& t : db.trials()) complete += t.state == TrialState::Complete;
  EXPECT_GE(complete, last + 1) << "every trial reported as finished is in the database";
}

TEST(StudyDb, CorruptOrForeignFilesAreClearErrors) {
  const std::string garbage = test::fresh_db_path("study_garbage.db");
  std::ofstream(garbage) << std::string(4096, 'x');
  const std::string corrupt = imc::test::error_of<StudyError>([&] { StudyDb::open(garbage); });
  EXPECT_NE(corrupt.find("not an SQLite database or corrupt"), std::string::npos) << corrupt;

  const std::string foreign = test::fresh_db_path("study_foreign.db");
  sqlite3* db = nullptr;
  sqlite3_open(foreign.c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE songs (title TEXT)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const std::string other = imc::test::error_of<StudyError>([&] { StudyDb::open(foreign); });
  EXPECT_NE(other.find("not an imcnas study"), std::string::npos) << other;

  EXPECT_NE(
      imc::test::error_of<StudyError>([&] { StudyDb::open(test::fresh_db_path("nothing.db")); }).find("no such study"),
      std::string::npos);
}

}  // namespace
}  // namespace imc::explore

namespace imc::explore {
namespace {

// A study on a read-only file system names the cause, not "corrupt". Needs root for the mount.
TEST(StudyDb, AReadOnlyRunDirectoryIsNamedAsSuch) {
  const std::string dir = testing::TempDir() + "study_readonly";
  std::filesystem::create_directories(dir);
  if (::geteuid() != 0 || ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") != 0)
    GTEST_SKIP() << "needs root to mount a tmpfs";
  { StudyDb::create(dir + "/study.db", {"ro", "x", "tpe", 1, "", {}}); }
  ASSERT_EQ(::mount("tmpfs", dir.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m"), 0);
  const std::string message = test::error_of<StudyError>([&] { StudyDb::open(dir + "/study.db"); });
  EXPECT_NE(message.find("read-only"), std::string::npos) << message;
  EXPECT_EQ(message.find("corrupt"), std::string::npos) << message;
  ::umount(dir.c_str());
}

// Reading a study works on a read-only file system (Python's Study.open failed with a doubled
// "cannot write the database"), trials included; writing through it does not (issue 27, item 20).
TEST(StudyDb, AStudyOnAReadOnlyFileSystemCanBeRead) {
  const std::string dir = testing::TempDir() + "study_readonly_read";
  std::filesystem::create_directories(dir);
  if (::geteuid() != 0 || ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") != 0)
    GTEST_SKIP() << "needs root to mount a tmpfs";
  {
    StudyDb db = StudyDb::create(dir + "/study.db", {"ro", "x", "tpe", 1, "", {}});
    const int64_t n = db.begin_trial({{"k1", 0}}, 7);
    db.finish_trial(n, TrialState::Complete, {{"accuracy", 0.75}}, 0.75, {});
  }
  ASSERT_EQ(::mount("tmpfs", dir.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m"), 0);
  try {
    const StudyDb db = StudyDb::open_read_only(dir + "/study.db");
    EXPECT_EQ(db.meta().name, "ro");
    ASSERT_EQ(db.trials().size(), 1u);
    EXPECT_EQ(db.trials()[0].metrics.at("accuracy"), 0.75);
  } catch (const StudyError& e) {
    ADD_FAILURE() << e.what();
  }
  ::umount(dir.c_str());
}

// A study edited by hand is a StudyError naming the file and the trial, never a JSON, stoi,
// map::at or vector range exception (issue 27, item 19).
TEST(StudyDb, TamperedTrialsAreStudyErrorsNamingTheTrial) {
  const std::string path = testing::TempDir() + "study_tampered.db";
  std::filesystem::remove(path);
  const config::SearchConfig cfg = config::parse_search_config(
      "[study]\ntrials = 2\n[space]\nmin_blocks = 1\nmax_blocks = 2\nkernels = [16, 32]\n"
      "[hardware]\nconfig = \"mnsim-2024\"\n",
      "s.toml");
  {
    StudyDb db = StudyDb::create(path, {"t", cfg.text, "tpe", 1, "s.toml", {}});
    db.finish_trial(db.begin_trial({{"n_blocks", 1}, {"bt1", 0}, {"k1", 1}}, 1), TrialState::Complete,
                    {{"accuracy", 0.5}}, 0.5, {}, "", {{1, 0.5}});
    db.finish_trial(db.begin_trial({{"n_blocks", 2}, {"bt1", 2}, {"k1", 0}, {"bt2", 1}, {"k2", 1}}, 2),
                    TrialState::Complete, {{"accuracy", 0.6}}, 0.6, {});
  }
  EXPECT_NO_THROW(nas::check_study_trials(cfg, StudyDb::open(path).trials(), path));
  auto tamper = [&](const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  };
  auto problem = [&] {
    try {
      nas::check_study_trials(cfg, StudyDb::open(path).trials(), path);
    } catch (const StudyError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  tamper(
      "UPDATE trials SET params = '{\"n_blocks\": 2, \"bt1\": 7, \"k1\": 0, \"bt2\": 0, \"k2\": 0}' WHERE number = 1");
  EXPECT_NE(problem().find("trial 1: parameter 'bt1' is 7.000000, not the index of one of its 3 choices"),
            std::string::npos)
      << problem();
  tamper("UPDATE trials SET params = '{\"bt1\": 0}' WHERE number = 1");
  EXPECT_NE(problem().find("trial 1: parameter 'n_blocks' is missing"), std::string::npos) << problem();
  tamper("UPDATE trials SET metrics = '{\"accuracy\": ' WHERE number = 0");
  EXPECT_NE(problem().find("study_tampered.db: trial 0 does not decode"), std::string::npos) << problem();
  tamper("UPDATE trials SET metrics = '{}', intermediate = '{\"x\": 1}' WHERE number = 0");
  EXPECT_NE(problem().find("trial 0 does not decode (epoch 'x'"), std::string::npos) << problem();
  tamper("UPDATE trials SET intermediate = '{}', state = 'finished' WHERE number = 0");
  EXPECT_NE(problem().find("trial 0 does not decode (unknown trial state 'finished')"), std::string::npos) << problem();
  tamper("UPDATE trials SET state = 'complete' WHERE number = 0; UPDATE trials SET number = 5 WHERE number = 1");
  EXPECT_NE(problem().find("trial 5 does not decode (trials are numbered"), std::string::npos) << problem();
}

// Another process holding the study with BEGIN EXCLUSIVE for longer than SQLite's old 5 s
// timeout killed the search and lost the trial in flight; now the search waits (issue 27, item 14).
TEST(StudyDb, AFinishedTrialWaitsForABusyDatabase) {
  const std::string path = testing::TempDir() + "study_busy.db";
  std::filesystem::remove(path);
  StudyDb db = StudyDb::create(path, {"busy", "x", "tpe", 1, "", {}});
  const int64_t n = db.begin_trial({{"k1", 0}}, 1);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread holder([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(6500));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_NO_THROW(db.finish_trial(n, TrialState::Complete, {{"accuracy", 0.5}}, 0.5, {}));
  const double waited_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  holder.join();
  sqlite3_close(other);
  EXPECT_GT(waited_s, 5.0);  // it did wait past the old limit
  ASSERT_EQ(db.trials().size(), 1u);
  EXPECT_EQ(db.trials()[0].state, TrialState::Complete);
}

// Lock: a second holder is refused with the first one's pid; the lock goes with the holder.
TEST(RunLock, ASecondHolderIsRefusedWithThePid) {
  const std::string dir = testing::TempDir() + "run_lock";
  std::filesystem::create_directories(dir);
  const pid_t child = ::fork();
  if (child == 0) {  // the child takes the lock (retrying while the parent probes) and holds it until killed
    for (;;) {
      try {
        RunLock held(dir);
        for (;;) ::pause();
      } catch (const StudyError&) {
        ::usleep(1000);
      }
    }
  }
  std::string message;
  const std::string expected = "is in use by imcnas pid " + std::to_string(child);
  for (int i = 0; i < 500 && message.find(expected) == std::string::npos; ++i) {  // until the child holds it
    try {
      { RunLock probe(dir); }
      ::usleep(20000);  // released: give the child its turn
    } catch (const StudyError& e) {
      message = e.what();
      ::usleep(1000);
    }
  }
  EXPECT_NE(message.find(expected), std::string::npos) << message;
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_NO_THROW(RunLock after(dir)) << "kill -9 releases the lock";
}

// A planted link as the lock (to a file outside the run, or dangling) and a FIFO are refused,
// and nothing outside the run directory is touched or created (issue 27, item 7).
TEST(RunLock, NeverFollowsALinkAndRefusesNonRegularFiles) {
  namespace fs = std::filesystem;
  const fs::path base = fs::path(testing::TempDir()) / "run_lock_links";
  fs::remove_all(base);
  fs::create_directories(base / "run");
  const fs::path outside = base / "precious.txt";
  { std::ofstream(outside) << "keep me\n"; }
  fs::create_symlink(outside, base / "run" / "lock");
  try {
    RunLock lock((base / "run").string());
    FAIL() << "a symlinked lock was followed";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_EQ(test::read_text(outside.string()), "keep me\n");
  fs::remove(base / "run" / "lock");
  fs::create_symlink(base / "created-outside", base / "run" / "lock");  // dangling
  EXPECT_THROW(RunLock((base / "run").string()), StudyError);
  EXPECT_FALSE(fs::exists(base / "created-outside"));
  fs::remove(base / "run" / "lock");
  ASSERT_EQ(::mkfifo((base / "run" / "lock").c_str(), 0644), 0);
  try {
    RunLock lock((base / "run").string());
    FAIL() << "a FIFO was taken as the lock";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

// One run directory, one run: a search is refused where a sweep lives and the other way round
// (both ran, replaced config.toml and left two databases), and what was planted in a run is
// refused before anything reads or writes it (issue 27, items 8 to 10).
TEST(RunDirectory, OneRunOfOneKindPerDirectoryAndNothingPlanted) {
  namespace fs = std::filesystem;
  const fs::path runs = fs::path(testing::TempDir()) / "run_directory_kinds";
  fs::remove_all(runs);
  { RunDirectory sweep = RunDirectory::create(runs.string(), "x", RunKind::Sweep); }
  { std::ofstream(runs / "x" / "sweep.db") << "a sweep"; }
  try {
    RunDirectory::create(runs.string(), "x", RunKind::Search);
    FAIL() << "a search went into a sweep's directory";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("holds a sweep (sweep.db); a search needs a run directory of its own"),
              std::string::npos)
        << e.what();
  }
  { RunDirectory search = RunDirectory::create(runs.string(), "y", RunKind::Search); }
  { std::ofstream(runs / "y" / "study.db") << "a study"; }
  EXPECT_THROW(RunDirectory::create(runs.string(), "y", RunKind::Sweep), std::invalid_argument);
  EXPECT_THROW(RunDirectory::create(runs.string(), "y", RunKind::Search), std::invalid_argument);  // --resume it

  EXPECT_NO_THROW(RunDirectory::refuse_planted(runs / "y"));
  ASSERT_EQ(::mkfifo((runs / "y" / "trials.csv").c_str(), 0644), 0);
  EXPECT_THROW(RunDirectory::refuse_planted(runs / "y"), StudyError);
  fs::remove(runs / "y" / "trials.csv");
  fs::create_directories(runs / "foreign" / "trial-4");
  fs::create_directory_symlink(runs / "foreign", runs / "y" / "models");
  try {
    RunDirectory::refuse_planted(runs / "y");
    FAIL() << "a symlinked models/ was accepted";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("models"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::exists(runs / "foreign" / "trial-4"));
  fs::remove(runs / "y" / "models");
  fs::create_directories(runs / "y" / "plots");
  fs::create_symlink("/etc/passwd", runs / "y" / "plots" / "pareto.svg");
  EXPECT_THROW(RunDirectory::refuse_planted(runs / "y"), StudyError);
  fs::remove(runs / "y" / "plots" / "pareto.svg");
  EXPECT_NO_THROW(RunDirectory::refuse_planted(runs / "y"));

  fs::create_directory_symlink(runs / "y", runs / "link");
  EXPECT_THROW(RunDirectory::resume((runs / "link").string(), RunKind::Search), StudyError);
  EXPECT_THROW(RunDirectory::create(runs.string(), "link", RunKind::Search), StudyError);
}

}  // namespace
}  // namespace imc::explore
