// SPDX-License-Identifier: MIT
#include "explore/study/study_db.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace imc::explore {
namespace {

constexpr int kApplicationId = 0x494D434E;  // "IMCN": tells our files from other SQLite databases
// 3: the worker that ran each trial, learning curves; 4: the cache flag and the rejection as
// columns of their own (they were a metric `cached_from_trial` and the text "(not trained)");
// 5: the best trials of a one-shot search retrained from scratch
constexpr int kSchemaVersion = 5;

#define IMC_RETRAINED_TABLE                                                         \
  "CREATE TABLE retrained (\n"                                                      \
  "  trial INTEGER NOT NULL,        -- the trial whose point was retrained\n"       \
  "  seed INTEGER NOT NULL,         -- the retraining's seed\n"                     \
  "  metrics TEXT NOT NULL,         -- JSON: every metric of the retrained trial\n" \
  "  fitness REAL,                  -- NULL when it failed\n"                       \
  "  error TEXT NOT NULL,\n"                                                        \
  "  finished_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"  \
  "  PRIMARY KEY (trial, seed)\n"                                                   \
  ");\n"

const char* kSchema = R"(
CREATE TABLE study (name TEXT NOT NULL, config TEXT NOT NULL, sampler TEXT NOT NULL, seed INTEGER NOT NULL,
                    config_path TEXT NOT NULL, overrides TEXT NOT NULL);  -- overrides: JSON array of k=v
CREATE TABLE trials (
  number INTEGER PRIMARY KEY,
  state TEXT NOT NULL,
  params TEXT NOT NULL,          -- JSON: active parameters (categorical: index)
  metrics TEXT NOT NULL,         -- JSON: every metric, units in the names
  fitness REAL,                  -- NULL until complete
  stage_seconds TEXT NOT NULL,   -- JSON: time of each stage
  seed INTEGER NOT NULL,
  error TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT,
  worker TEXT NOT NULL DEFAULT '', -- who ran it: "" in one process, "worker 1", "rank 3"
  intermediate TEXT NOT NULL DEFAULT '{}',  -- JSON: validation accuracy after each epoch ("1": 0.71)
  cached_from INTEGER,                     -- the trial whose result this one repeats (seen before), or NULL
  rejected_before_training INTEGER NOT NULL DEFAULT 0  -- 1: a hardware constraint rejected it untrained
);
)" IMC_RETRAINED_TABLE;

}  // namespace

TrialState parse_trial_state(const std::string& s) {
  for (TrialState t : {TrialState::Running, TrialState::Complete, TrialState::Failed, TrialState::Infeasible,
                       TrialState::Abandoned, TrialState::Pruned})
    if (s == trial_state_name(t)) return t;
  throw StudyError("unknown trial state '" + s + "'");
}

const char* trial_state_name(TrialState s) {
  switch (s) {
    case TrialState::Running:
      return "running";
    case TrialState::Complete:
      return "complete";
    case TrialState::Failed:
      return "failed";
    case TrialState::Infeasible:
      return "infeasible";
    case TrialState::Abandoned:
      return "abandoned";
    case TrialState::Pruned:
      return "pruned";
  }
  return "?";
}

const SqliteKind kStudyKind{
    kApplicationId,
    kSchemaVersion,
    kSchema,
    "study",
    2,
    {// 2 -> 3
     "ALTER TABLE trials ADD COLUMN worker TEXT NOT NULL DEFAULT ''; "
     "ALTER TABLE trials ADD COLUMN intermediate TEXT NOT NULL DEFAULT '{}';",
     // 3 -> 4: the flags move out of the metrics and the error text. json_remove keeps the other
     // metrics' text as it was (key order, number spelling).
     "ALTER TABLE trials ADD COLUMN cached_from INTEGER; "
     "ALTER TABLE trials ADD COLUMN rejected_before_training INTEGER NOT NULL DEFAULT 0; "
     "UPDATE trials SET cached_from = CAST(json_extract(metrics, '$.cached_from_trial') AS INTEGER), "
     "  metrics = json_remove(metrics, '$.cached_from_trial') "
     "  WHERE json_valid(metrics) AND json_type(metrics, '$.cached_from_trial') IN ('integer', 'real'); "
     "UPDATE trials SET rejected_before_training = 1 WHERE instr(error, '(not trained)') > 0;",
     // 4 -> 5
     IMC_RETRAINED_TABLE}};

StudyDb::StudyDb(SqliteFile file, StudyMeta meta) : m_file(std::move(file)), m_meta(std::move(meta)) {}

StudyDb StudyDb::create(const std::string& path, const StudyMeta& meta) {
  SqliteFile file = SqliteFile::create(path, kStudyKind, [&](SqliteFile& f) {
    Statement st(f,
                 "INSERT INTO study (name, config, sampler, seed, config_path, overrides) VALUES (?, ?, ?, ?, ?, ?)");
    st.text(1, meta.name);
    st.text(2, meta.config_text);
    st.text(3, meta.sampler);
    st.integer(4, static_cast<int64_t>(meta.seed));
    st.text(5, meta.config_path);
    st.text(6, nlohmann::json(meta.overrides).dump());
    st.step();
  });
  return StudyDb(std::move(file), meta);
}

StudyDb StudyDb::open(const std::string& path) { return read(SqliteFile::open(path, kStudyKind), path); }

StudyDb StudyDb::open_read_only(const std::string& path) {
  return read(SqliteFile::open_read_only(path, kStudyKind), path);
}

StudyDb StudyDb::read(SqliteFile file, const std::string& path) {
  StudyMeta meta;
  {
    Statement st(file, "SELECT name, config, sampler, seed, config_path, overrides FROM study");
    if (!st.step()) throw StudyError(path + ": the study table is empty");
    meta.name = st.column_text(0);
    meta.config_text = st.column_text(1);
    meta.sampler = st.column_text(2);
    meta.seed = static_cast<uint64_t>(st.column_integer(3));
    meta.config_path = st.column_text(4);
    try {
      meta.overrides = nlohmann::json::parse(st.column_text(5)).get<std::vector<std::string>>();
    } catch (const std::exception& e) {
      throw StudyError(path + ": the study's overrides do not decode (" + e.what() +
                       "); the file was edited or damaged");
    }
  }
  return StudyDb(std::move(file), std::move(meta));
}

int64_t StudyDb::begin_trial(const Params& params, uint64_t seed, const std::string& worker) {
  Statement st(m_file,
               "INSERT INTO trials (number, state, params, metrics, stage_seconds, seed, error, worker) "
               "VALUES ((SELECT COALESCE(MAX(number) + 1, 0) FROM trials), 'running', ?, '{}', '{}', ?, '', ?) "
               "RETURNING number");
  st.text(1, metrics_to_json(params));
  st.integer(2, static_cast<int64_t>(seed));
  st.text(3, worker);
  if (!st.step()) throw StudyError(m_file.path() + ": could not record a new trial");
  const int64_t number = st.column_integer(0);
  st.step();
  return number;
}

void StudyDb::finish_trial(const TrialRecord& t) {
  std::map<std::string, double> curve;
  for (const auto& [epoch, value] : t.intermediate) curve[std::to_string(epoch)] = value;
  Statement st(m_file,
               "UPDATE trials SET state = ?, metrics = ?, fitness = ?, stage_seconds = ?, error = ?, intermediate = ?, "
               "cached_from = ?, rejected_before_training = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
               "WHERE number = ? AND state = 'running'");
  st.text(1, trial_state_name(t.state));
  st.text(2, metrics_to_json(t.metrics));
  if (t.fitness && std::isfinite(*t.fitness))
    st.real(3, *t.fitness);
  else
    st.null(3);
  st.text(4, metrics_to_json(t.stage_seconds));
  st.text(5, t.error);
  st.text(6, metrics_to_json(curve));
  if (t.cached_from)
    st.integer(7, *t.cached_from);
  else
    st.null(7);
  st.integer(8, t.rejected_before_training ? 1 : 0);
  st.integer(9, t.number);
  st.step();
  if (m_file.changes() != 1)
    throw StudyError(m_file.path() + ": trial " + std::to_string(t.number) +
                     " is not running, so it cannot be finished");
}

void StudyDb::finish_trial(int64_t number, TrialState state, const std::map<std::string, double>& metrics,
                           std::optional<double> fitness, const std::map<std::string, double>& stage_seconds,
                           const std::string& error, const std::map<int, double>& intermediate) {
  TrialRecord t;
  t.number = number;
  t.state = state;
  t.metrics = metrics;
  t.fitness = fitness;
  t.stage_seconds = stage_seconds;
  t.error = error;
  t.intermediate = intermediate;
  finish_trial(t);
}

int StudyDb::abandon_running() {
  m_file.exec(
      "UPDATE trials SET state = 'abandoned', error = 'the search stopped while this trial ran', "
      "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE state = 'running'");
  return m_file.changes();
}

std::map<std::string, double> shown_metrics(const TrialRecord& t) {
  std::map<std::string, double> out = t.metrics;
  if (t.cached_from) out["cached_from_trial"] = double(*t.cached_from);
  return out;
}

void StudyDb::record_retrained(const RetrainRecord& r) {
  Statement st(m_file,
               "INSERT OR REPLACE INTO retrained (trial, seed, metrics, fitness, error) VALUES (?, ?, ?, ?, ?)");
  st.integer(1, r.trial);
  st.integer(2, static_cast<int64_t>(r.seed));
  st.text(3, metrics_to_json(r.metrics));
  if (r.fitness && std::isfinite(*r.fitness))
    st.real(4, *r.fitness);
  else
    st.null(4);
  st.text(5, r.error);
  st.step();
}

std::vector<RetrainRecord> StudyDb::retrained() const {
  Statement st(m_file, "SELECT trial, seed, metrics, fitness, error FROM retrained ORDER BY trial, seed");
  std::vector<RetrainRecord> out;
  while (st.step()) {
    RetrainRecord r;
    r.trial = st.column_integer(0);
    r.seed = static_cast<uint64_t>(st.column_integer(1));
    try {
      r.metrics = metrics_from_json(st.column_text(2));
    } catch (const std::exception& e) {
      throw StudyError(m_file.path() + ": the retraining of trial " + std::to_string(r.trial) + " does not decode (" +
                       e.what() + "); the file was edited or damaged");
    }
    if (!st.column_is_null(3)) r.fitness = st.column_real(3);
    r.error = st.column_text(4);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<TrialRecord> StudyDb::trials() const {
  Statement st(
      m_file,
      "SELECT number, state, params, metrics, fitness, stage_seconds, seed, error, worker, intermediate, cached_from, "
      "rejected_before_training FROM trials ORDER BY number");
  std::vector<TrialRecord> out;
  while (st.step()) {
    TrialRecord t;
    t.number = st.column_integer(0);
    // A file edited by hand can hold anything: every field that does not decode is a StudyError
    // naming the file and the trial, not a JSON, stoi or map exception.
    try {
      t.state = parse_trial_state(st.column_text(1));
      for (const auto& [k, v] : metrics_from_json(st.column_text(2))) t.params[k] = v;
      t.metrics = metrics_from_json(st.column_text(3));
      if (!st.column_is_null(4)) t.fitness = st.column_real(4);
      t.stage_seconds = metrics_from_json(st.column_text(5));
      t.seed = static_cast<uint64_t>(st.column_integer(6));
      t.error = st.column_text(7);
      t.worker = st.column_text(8);
      for (const auto& [epoch, value] : metrics_from_json(st.column_text(9))) {
        const std::string bad = "epoch '" + epoch + "' is not a positive integer";
        size_t used = 0;
        int e = 0;
        try {
          e = std::stoi(epoch, &used);
        } catch (const std::exception&) {
          throw std::invalid_argument(bad);
        }
        if (used != epoch.size() || e < 1) throw std::invalid_argument(bad);
        t.intermediate[e] = value;
      }
      if (!st.column_is_null(10)) t.cached_from = st.column_integer(10);
      t.rejected_before_training = st.column_integer(11) != 0;
      if (t.number != static_cast<int64_t>(out.size()))
        throw std::invalid_argument("trials are numbered 0, 1, 2, ...; this one should be " +
                                    std::to_string(out.size()));
    } catch (const std::exception& e) {
      throw StudyError(m_file.path() + ": trial " + std::to_string(t.number) + " does not decode (" + e.what() +
                       "); the file was edited or damaged");
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace imc::explore
