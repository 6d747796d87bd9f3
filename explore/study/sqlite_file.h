// SPDX-License-Identifier: MIT
// One SQLite file of imcnas (a study or a sweep): opened in WAL mode with synchronous=NORMAL, so
// a commit survives a killed process; tagged with an application id and schema version so that
// another program's database, or another kind of imcnas file, is refused by name.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace imc::explore {

/// A missing, corrupt or foreign database, or a misuse; the message names the file.
class StudyError : public std::runtime_error {
 public:
  explicit StudyError(const std::string& message) : std::runtime_error(message) {}
};

/// What kind of file: its application id, schema version and schema, and words for messages.
struct SqliteKind {
  int application_id = 0;
  int schema_version = 0;
  const char* schema = "";  ///< CREATE TABLE statements
  const char* noun = "";    ///< "study", "sweep"
  int oldest_version = 0;   ///< files from this version on are upgraded when opened (0: only the current)
  /// upgrades[i] is the SQL that brings a file of version oldest_version + i to the next one;
  /// a file is taken through each step it needs, in one transaction.
  std::vector<const char*> upgrades;
};

class SqliteFile {
 public:
  /// Creates the file with its schema; `fill` runs inside the creating transaction (a reader
  /// never sees the schema without its first rows). Fails if the file exists.
  template <class Fill>
  static SqliteFile create(const std::string& path, const SqliteKind& kind, Fill&& fill) {
    SqliteFile f = create_schema(path, kind);
    fill(f);
    f.exec("COMMIT;");
    return f;
  }
  /// Opens an existing file of this kind; anything else is a StudyError naming it.
  static SqliteFile open(const std::string& path, const SqliteKind& kind);
  /// Opens it for reading only: nothing is written, not even SQLite's -shm file when the
  /// directory is read-only (the file is then read as immutable). An old schema is read as it
  /// is only when it needs no upgrade.
  static SqliteFile open_read_only(const std::string& path, const SqliteKind& kind);
  SqliteFile(SqliteFile&&) noexcept;
  SqliteFile& operator=(SqliteFile&&) noexcept;
  ~SqliteFile();

  void exec(const std::string& sql) const;
  sqlite3* handle() const { return m_db; }
  const std::string& path() const { return m_path; }
  /// Rows changed by the last statement.
  int changes() const;

 private:
  SqliteFile(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
  /// The file's application id and schema version; throws StudyError when it is not a `kind`.
  std::pair<int, int> identity(const SqliteKind& kind) const;
  static SqliteFile create_schema(const std::string& path, const SqliteKind& kind);  ///< leaves a transaction open

  sqlite3* m_db = nullptr;
  std::string m_path;
};

/// A prepared statement that finalizes itself; errors name the file.
class Statement {
 public:
  Statement(const SqliteFile& file, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void text(int i, const std::string& s);
  void integer(int i, int64_t v);
  void real(int i, double v);
  void null(int i);
  /// True while there is a row; false when done.
  bool step();
  /// Ready to bind and step again.
  void reset();

  std::string column_text(int i);  ///< "" for NULL
  int64_t column_integer(int i);
  double column_real(int i);
  bool column_is_null(int i);

 private:
  const SqliteFile& m_file;
  sqlite3_stmt* m_stmt = nullptr;
};

/// Metrics as a JSON object; a non-finite value is stored as null and read back as NaN.
std::string metrics_to_json(const std::map<std::string, double>& m);
std::map<std::string, double> metrics_from_json(const std::string& text);

}  // namespace imc::explore
