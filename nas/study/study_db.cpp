// SPDX-License-Identifier: MIT
#include "nas/study/study_db.h"

#include <sqlite3.h>
#include <sys/statvfs.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace imc::nas {
namespace {

constexpr int kApplicationId = 0x494D434E;  // "IMCN": tells our files from other SQLite databases
constexpr int kSchemaVersion = 2;

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
  finished_at TEXT
);
)";

/// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, const std::string& path) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
      throw StudyError(path + ": " + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(m_stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() { return m_stmt; }
  void text(int i, const std::string& s) { sqlite3_bind_text(m_stmt, i, s.c_str(), -1, SQLITE_TRANSIENT); }
  /// Column i of the current row as text ("" for NULL).
  std::string column_text(int i) {
    const unsigned char* t = sqlite3_column_text(m_stmt, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  bool step(const std::string& path) {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StudyError(path + ": " + sqlite3_errmsg(m_db));
  }

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt = nullptr;
};

std::string to_json(const std::map<std::string, double>& m) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m) j[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  return j.dump();
}

std::map<std::string, double> from_json(const std::string& text) {
  std::map<std::string, double> out;
  const nlohmann::json j = nlohmann::json::parse(text.empty() ? "{}" : text);  // must outlive the loop
  for (const auto& [k, v] : j.items()) out[k] = v.is_null() ? std::nan("") : v.get<double>();
  return out;
}

TrialState parse_state(const std::string& s) {
  for (TrialState t :
       {TrialState::Running, TrialState::Complete, TrialState::Failed, TrialState::Infeasible, TrialState::Abandoned})
    if (s == trial_state_name(t)) return t;
  throw StudyError("unknown trial state '" + s + "'");
}

sqlite3* open_file(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StudyError(path + ": cannot open study database (" + message + ")");
  }
  sqlite3_busy_timeout(db, 5000);
  return db;
}

/// What went wrong, in a user's words, from SQLite's last error on `db`.
std::string failure_cause(sqlite3* db) {
  switch (sqlite3_errcode(db)) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return "not an SQLite database or corrupt";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return "cannot write the study: the database or its run directory is read-only (SQLite needs to write "
             "its -wal and -shm files beside it)";
    case SQLITE_FULL:
      return "the disk is full";
    case SQLITE_IOERR: {  // SQLite reports a full disk while creating its -shm file as an I/O error
      struct statvfs fs {};
      const char* file = sqlite3_db_filename(db, "main");
      const std::string dir = file ? std::filesystem::path(file).parent_path().string() : ".";
      if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0 && fs.f_bavail == 0) return "the disk is full";
      return "an I/O error";
    }
    default:
      return "";
  }
}

}  // namespace

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
  }
  return "?";
}

StudyDb::StudyDb(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
StudyDb::StudyDb(StudyDb&& o) noexcept : m_db(o.m_db), m_path(std::move(o.m_path)), m_meta(std::move(o.m_meta)) {
  o.m_db = nullptr;
}
StudyDb& StudyDb::operator=(StudyDb&& o) noexcept {
  std::swap(m_db, o.m_db);
  std::swap(m_path, o.m_path);
  std::swap(m_meta, o.m_meta);
  return *this;
}
StudyDb::~StudyDb() { sqlite3_close(m_db); }

void StudyDb::exec(const std::string& sql) const {
  char* error = nullptr;
  if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    const std::string cause = failure_cause(m_db);
    throw StudyError(m_path + ": " + (cause.empty() ? message : cause + " (" + message + ")"));
  }
}

StudyDb StudyDb::create(const std::string& path, const StudyMeta& meta) {
  if (std::filesystem::exists(path)) throw StudyError(path + ": a study already exists here (use --resume)");
  StudyDb s(open_file(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), path);
  // WAL with synchronous=NORMAL: a commit survives a killed process (not a power cut).
  s.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  // Schema and study row in one transaction: a reader never sees a study without its row.
  s.exec("BEGIN; PRAGMA application_id=" + std::to_string(kApplicationId) +
         "; PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";" + kSchema);
  Statement st(s.m_db,
               "INSERT INTO study (name, config, sampler, seed, config_path, overrides) VALUES (?, ?, ?, ?, ?, ?)",
               path);
  st.text(1, meta.name);
  st.text(2, meta.config_text);
  st.text(3, meta.sampler);
  sqlite3_bind_int64(st.get(), 4, static_cast<sqlite3_int64>(meta.seed));
  st.text(5, meta.config_path);
  st.text(6, nlohmann::json(meta.overrides).dump());
  st.step(path);
  s.exec("COMMIT;");
  s.m_meta = meta;
  return s;
}

StudyDb StudyDb::open(const std::string& path) {
  if (!std::filesystem::exists(path)) throw StudyError(path + ": no such study database");
  StudyDb s(open_file(path, SQLITE_OPEN_READWRITE), path);
  int app_id = 0, version = 0;
  try {
    Statement a(s.m_db, "PRAGMA application_id", path);
    if (a.step(path)) app_id = sqlite3_column_int(a.get(), 0);
    Statement v(s.m_db, "PRAGMA user_version", path);
    if (v.step(path)) version = sqlite3_column_int(v.get(), 0);
  } catch (const StudyError& e) {
    const std::string cause = failure_cause(s.m_db);
    throw StudyError(path + ": " + (cause.empty() ? "cannot read the study" : cause) + " (" + e.what() + ")");
  }
  if (app_id != kApplicationId) throw StudyError(path + ": an SQLite database, but not an imcnas study");
  if (version != kSchemaVersion)
    throw StudyError(path + ": study schema version " + std::to_string(version) + ", this imcnas reads version " +
                     std::to_string(kSchemaVersion));
  s.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  Statement st(s.m_db, "SELECT name, config, sampler, seed, config_path, overrides FROM study", path);
  if (!st.step(path)) throw StudyError(path + ": the study table is empty");
  s.m_meta.name = st.column_text(0);
  s.m_meta.config_text = st.column_text(1);
  s.m_meta.sampler = st.column_text(2);
  s.m_meta.seed = static_cast<uint64_t>(sqlite3_column_int64(st.get(), 3));
  s.m_meta.config_path = st.column_text(4);
  s.m_meta.overrides = nlohmann::json::parse(st.column_text(5)).get<std::vector<std::string>>();
  return s;
}

int64_t StudyDb::begin_trial(const Point& params, uint64_t seed) {
  Statement st(m_db,
               "INSERT INTO trials (number, state, params, metrics, stage_seconds, seed, error) "
               "VALUES ((SELECT COALESCE(MAX(number) + 1, 0) FROM trials), 'running', ?, '{}', '{}', ?, '') "
               "RETURNING number",
               m_path);
  st.text(1, to_json(params));
  sqlite3_bind_int64(st.get(), 2, static_cast<sqlite3_int64>(seed));
  if (!st.step(m_path)) throw StudyError(m_path + ": could not record a new trial");
  const int64_t number = sqlite3_column_int64(st.get(), 0);
  st.step(m_path);
  return number;
}

void StudyDb::finish_trial(int64_t number, TrialState state, const std::map<std::string, double>& metrics,
                           std::optional<double> fitness, const std::map<std::string, double>& stage_seconds,
                           const std::string& error) {
  Statement st(m_db,
               "UPDATE trials SET state = ?, metrics = ?, fitness = ?, stage_seconds = ?, error = ?, "
               "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE number = ? AND state = 'running'",
               m_path);
  st.text(1, trial_state_name(state));
  st.text(2, to_json(metrics));
  if (fitness && std::isfinite(*fitness))
    sqlite3_bind_double(st.get(), 3, *fitness);
  else
    sqlite3_bind_null(st.get(), 3);
  st.text(4, to_json(stage_seconds));
  st.text(5, error);
  sqlite3_bind_int64(st.get(), 6, number);
  st.step(m_path);
  if (sqlite3_changes(m_db) != 1)
    throw StudyError(m_path + ": trial " + std::to_string(number) + " is not running, so it cannot be finished");
}

int StudyDb::abandon_running() {
  exec(
      "UPDATE trials SET state = 'abandoned', error = 'the search stopped while this trial ran', "
      "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE state = 'running'");
  return sqlite3_changes(m_db);
}

std::vector<TrialRecord> StudyDb::trials() const {
  Statement st(m_db,
               "SELECT number, state, params, metrics, fitness, stage_seconds, seed, error FROM trials "
               "ORDER BY number",
               m_path);
  std::vector<TrialRecord> out;
  while (st.step(m_path)) {
    TrialRecord t;
    t.number = sqlite3_column_int64(st.get(), 0);
    t.state = parse_state(st.column_text(1));
    for (const auto& [k, v] : from_json(st.column_text(2))) t.params[k] = v;
    t.metrics = from_json(st.column_text(3));
    if (sqlite3_column_type(st.get(), 4) != SQLITE_NULL) t.fitness = sqlite3_column_double(st.get(), 4);
    t.stage_seconds = from_json(st.column_text(5));
    t.seed = static_cast<uint64_t>(sqlite3_column_int64(st.get(), 6));
    t.error = st.column_text(7);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace imc::nas
