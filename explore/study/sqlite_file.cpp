// SPDX-License-Identifier: MIT
#include "explore/study/sqlite_file.h"

#include <sqlite3.h>
#include <sys/statvfs.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <utility>

namespace imc::explore {
namespace {

/// Another process holds the file (a reader's long transaction, `sqlite3 study.db` left open
/// with BEGIN EXCLUSIVE): wait, saying so every 5 s, up to kBusyWait_s, so a finished trial is
/// recorded once the other lets go (SQLite's 5 s timeout killed the search and lost it).
constexpr int kBusyStep_ms = 50;
constexpr int kBusyWait_s = 600;

int wait_while_busy(void* handle, int calls) {
  const int waited_ms = calls * kBusyStep_ms;
  if (waited_ms >= kBusyWait_s * 1000) return 0;  // give up: SQLITE_BUSY, reported with the path
  if (calls > 0 && waited_ms % 5000 == 0) {
    const char* file = sqlite3_db_filename(static_cast<sqlite3*>(handle), "main");
    std::fprintf(stderr, "imcnas: %s is locked by another process; waiting (%d s of at most %d s)\n",
                 file ? file : "the database", waited_ms / 1000, kBusyWait_s);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(kBusyStep_ms));
  return 1;
}

sqlite3* open_handle(const std::string& path, int flags, const char* noun) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StudyError(path + ": cannot open " + noun + " database (" + message + ")");
  }
  sqlite3_busy_handler(db, wait_while_busy, db);
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
      return "cannot write the database: it or its run directory is read-only (SQLite needs to write "
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

std::string error_text(sqlite3* db, const std::string& path, const std::string& message) {
  const std::string cause = failure_cause(db);
  return path + ": " + (cause.empty() ? message : cause + " (" + message + ")");
}

}  // namespace

SqliteFile::SqliteFile(SqliteFile&& o) noexcept : m_db(std::exchange(o.m_db, nullptr)), m_path(std::move(o.m_path)) {}
SqliteFile& SqliteFile::operator=(SqliteFile&& o) noexcept {
  std::swap(m_db, o.m_db);
  std::swap(m_path, o.m_path);
  return *this;
}
SqliteFile::~SqliteFile() { sqlite3_close(m_db); }

void SqliteFile::exec(const std::string& sql) const {
  char* error = nullptr;
  if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw StudyError(error_text(m_db, m_path, message));
  }
}

int SqliteFile::changes() const { return sqlite3_changes(m_db); }

SqliteFile SqliteFile::create_schema(const std::string& path, const SqliteKind& kind) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    throw StudyError(path + ": a " + kind.noun + " already exists here (use --resume)");
  SqliteFile f(open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kind.noun), path);
  // WAL with synchronous=NORMAL: a commit survives a killed process (not a power cut).
  f.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  f.exec("BEGIN; PRAGMA application_id=" + std::to_string(kind.application_id) +
         "; PRAGMA user_version=" + std::to_string(kind.schema_version) + ";" + kind.schema);
  return f;
}

namespace {

/// A file name as an SQLite URI path: '%', '?' and '#' are percent-encoded.
std::string uri_path(const std::string& path) {
  std::string out;
  for (unsigned char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#') {
      char code[4];
      std::snprintf(code, sizeof code, "%%%02X", c);
      out += code;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

/// The application id and schema version of an open file; a file SQLite cannot read is a
/// StudyError naming the cause.
std::pair<int, int> SqliteFile::identity(const SqliteKind& kind) const {
  int app_id = 0, version = 0;
  try {
    Statement a(*this, "PRAGMA application_id");
    if (a.step()) app_id = static_cast<int>(a.column_integer(0));
    Statement v(*this, "PRAGMA user_version");
    if (v.step()) version = static_cast<int>(v.column_integer(0));
  } catch (const StudyError& e) {
    const std::string cause = failure_cause(m_db);
    throw StudyError(m_path + ": " + (cause.empty() ? std::string("cannot read the ") + kind.noun : cause) + " (" +
                     e.what() + ")");
  }
  if (app_id != kind.application_id) throw StudyError(m_path + ": an SQLite database, but not an imcnas " + kind.noun);
  return {app_id, version};
}

SqliteFile SqliteFile::open(const std::string& path, const SqliteKind& kind) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw StudyError(path + ": no such " + kind.noun + " database");
  SqliteFile f(open_handle(path, SQLITE_OPEN_READWRITE, kind.noun), path);
  const int version = f.identity(kind).second;
  const bool upgradable = kind.oldest_version > 0 && version >= kind.oldest_version && version < kind.schema_version;
  if (version != kind.schema_version && !upgradable)
    throw StudyError(path + ": " + kind.noun + " schema version " + std::to_string(version) +
                     ", this imcnas reads version " + std::to_string(kind.schema_version));
  f.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  if (upgradable) {
    std::string steps;
    for (int v = version; v < kind.schema_version; ++v) steps += kind.upgrades.at(size_t(v - kind.oldest_version));
    f.exec("BEGIN; " + steps + " PRAGMA user_version=" + std::to_string(kind.schema_version) + "; COMMIT;");
  }
  return f;
}

SqliteFile SqliteFile::open_read_only(const std::string& path, const SqliteKind& kind) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw StudyError(path + ": no such " + kind.noun + " database");
  const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
  int version = 0;
  std::optional<SqliteFile> f;
  try {
    f = SqliteFile(open_handle("file:" + uri_path(path) + "?mode=ro", flags, kind.noun), path);
    version = f->identity(kind).second;
  } catch (const StudyError&) {
    // A WAL file on a read-only file system: SQLite cannot create its -shm beside it. Nothing
    // can write there either, so the file is read as immutable.
    f = SqliteFile(open_handle("file:" + uri_path(path) + "?immutable=1", flags, kind.noun), path);
    version = f->identity(kind).second;
  }
  if (version != kind.schema_version)
    throw StudyError(path + ": " + kind.noun + " schema version " + std::to_string(version) +
                     ", this imcnas reads version " + std::to_string(kind.schema_version) +
                     (version >= kind.oldest_version && kind.oldest_version > 0
                          ? " (open it once where it can be written, e.g. imcnas report, to upgrade it)"
                          : ""));
  return std::move(*f);
}

Statement::Statement(const SqliteFile& file, const std::string& sql) : m_file(file) {
  if (sqlite3_prepare_v2(file.handle(), sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
    throw StudyError(error_text(file.handle(), file.path(), sqlite3_errmsg(file.handle())));
}
Statement::~Statement() { sqlite3_finalize(m_stmt); }

void Statement::text(int i, const std::string& s) { sqlite3_bind_text(m_stmt, i, s.c_str(), -1, SQLITE_TRANSIENT); }
void Statement::integer(int i, int64_t v) { sqlite3_bind_int64(m_stmt, i, static_cast<sqlite3_int64>(v)); }
void Statement::real(int i, double v) { sqlite3_bind_double(m_stmt, i, v); }
void Statement::null(int i) { sqlite3_bind_null(m_stmt, i); }

bool Statement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw StudyError(error_text(m_file.handle(), m_file.path(), sqlite3_errmsg(m_file.handle())));
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::string Statement::column_text(int i) {
  const unsigned char* t = sqlite3_column_text(m_stmt, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}
int64_t Statement::column_integer(int i) { return sqlite3_column_int64(m_stmt, i); }
double Statement::column_real(int i) { return sqlite3_column_double(m_stmt, i); }
bool Statement::column_is_null(int i) { return sqlite3_column_type(m_stmt, i) == SQLITE_NULL; }

std::string metrics_to_json(const std::map<std::string, double>& m) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m) j[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  return j.dump();
}

std::map<std::string, double> metrics_from_json(const std::string& text) {
  std::map<std::string, double> out;
  const nlohmann::json j = nlohmann::json::parse(text.empty() ? "{}" : text);  // must outlive the loop
  for (const auto& [k, v] : j.items()) out[k] = v.is_null() ? std::nan("") : v.get<double>();
  return out;
}

}  // namespace imc::explore
