// SPDX-License-Identifier: MIT
#include "explore/study/sweep_db.h"

#include <nlohmann/json.hpp>

namespace imc::explore {
namespace {

const char* kSchema = R"(
CREATE TABLE sweep (name TEXT NOT NULL, config TEXT NOT NULL, config_path TEXT NOT NULL,
                    overrides TEXT NOT NULL,          -- JSON array of k=v
                    total_points INTEGER NOT NULL);
CREATE TABLE points (
  idx INTEGER PRIMARY KEY,       -- network * design points + point
  network TEXT NOT NULL,
  hardware TEXT NOT NULL,        -- JSON array of [key, value], one per axis
  feasible INTEGER NOT NULL,
  reason TEXT NOT NULL,
  metrics TEXT NOT NULL,         -- JSON: every metric, units in the names
  finished_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
)";
// "IMCS": an imcnas sweep, told apart from a study ("IMCN") and from other SQLite files.
const SqliteKind kSweepKind{0x494D4353, 1, kSchema, "sweep", 0, {}};

}  // namespace

SweepDb::SweepDb(SqliteFile file, SweepMeta meta) : m_file(std::move(file)), m_meta(std::move(meta)) {}

SweepDb SweepDb::create(const std::string& path, const SweepMeta& meta) {
  SqliteFile file = SqliteFile::create(path, kSweepKind, [&](SqliteFile& f) {
    Statement st(f, "INSERT INTO sweep (name, config, config_path, overrides, total_points) VALUES (?, ?, ?, ?, ?)");
    st.text(1, meta.name);
    st.text(2, meta.config_text);
    st.text(3, meta.config_path);
    st.text(4, nlohmann::json(meta.overrides).dump());
    st.integer(5, meta.total_points);
    st.step();
  });
  return SweepDb(std::move(file), meta);
}

SweepDb SweepDb::open(const std::string& path) {
  SqliteFile file = SqliteFile::open(path, kSweepKind);
  SweepMeta meta;
  {
    Statement st(file, "SELECT name, config, config_path, overrides, total_points FROM sweep");
    if (!st.step()) throw StudyError(path + ": the sweep table is empty");
    meta.name = st.column_text(0);
    meta.config_text = st.column_text(1);
    meta.config_path = st.column_text(2);
    meta.overrides = nlohmann::json::parse(st.column_text(3)).get<std::vector<std::string>>();
    meta.total_points = st.column_integer(4);
  }
  return SweepDb(std::move(file), std::move(meta));
}

void SweepDb::record(const std::vector<SweepResult>& results) {
  if (results.empty()) return;
  m_file.exec("BEGIN;");
  try {
    Statement st(m_file,
                 "INSERT OR REPLACE INTO points (idx, network, hardware, feasible, reason, metrics) "
                 "VALUES (?, ?, ?, ?, ?, ?)");
    for (const SweepResult& r : results) {
      nlohmann::json hw = nlohmann::json::array();
      for (const config::Override& o : r.point) hw.push_back({o.key_path, o.value_text});
      st.integer(1, r.index);
      st.text(2, r.network);
      st.text(3, hw.dump());
      st.integer(4, r.feasible ? 1 : 0);
      st.text(5, r.reason);
      st.text(6, metrics_to_json(r.metrics));
      st.step();
      st.reset();
    }
  } catch (...) {
    m_file.exec("ROLLBACK;");
    throw;
  }
  m_file.exec("COMMIT;");
}

std::vector<SweepResult> SweepDb::results() const {
  Statement st(m_file, "SELECT idx, network, hardware, feasible, reason, metrics FROM points ORDER BY idx");
  std::vector<SweepResult> out;
  while (st.step()) {
    SweepResult r;
    r.index = st.column_integer(0);
    r.network = st.column_text(1);
    for (const auto& kv : nlohmann::json::parse(st.column_text(2))) {
      const std::string key = kv.at(0).get<std::string>(), value = kv.at(1).get<std::string>();
      r.point.push_back({key, value, key + "=" + value});
    }
    r.feasible = st.column_integer(3) != 0;
    r.reason = st.column_text(4);
    r.metrics = metrics_from_json(st.column_text(5));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace imc::explore
