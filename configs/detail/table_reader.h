// SPDX-License-Identifier: MIT
// Strict reader over a toml++ table. Private to the config layer: only
// configs/*.cpp include this header, so toml++ types stay out of the rest.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "configs/overrides.h"

namespace imc::config::detail {

/// What every reader of one document shares: the file name, and which key
/// paths came from `--set` rather than from the file.
struct ReadContext {
  std::string file;
  std::map<std::string, std::string> override_origin;  ///< key path -> "--set k=v"
};

/// Parses TOML text; throws ConfigError naming file, line and column.
toml::table parse_document(const std::string& text, const std::string& file);

/// A file's text; a missing or unreadable file is a ConfigError.
std::string read_text_file(const std::string& path);
/// The largest config or network file read (docs/config.md, "Limits").
constexpr size_t kMaxConfigBytes = size_t{16} << 20;

/// Writes each override into the document. The strict reader then validates
/// overridden values exactly like values from the file.
void apply_overrides(toml::table& root, const std::vector<Override>& overrides, ReadContext& ctx);

/// A parsed document with its overrides applied, and the context its readers share.
struct Document {
  toml::table root;
  std::shared_ptr<ReadContext> ctx;
};
/// (A file: document_from_text(read_text_file(path), path, overrides).)
Document document_from_text(const std::string& text, const std::string& source, const std::vector<Override>& overrides);

/// Reads typed values from one table, checks ranges, and on finish() rejects
/// every key it was not asked for (typos). Errors name the key path.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, std::shared_ptr<const ReadContext> ctx);

  bool has(const std::string& key) const;
  /// Whether `key` is present and an array (a key that takes a number or a list).
  bool is_array(const std::string& key) const;

  int64_t integer(const std::string& key, int64_t lo, int64_t hi) const;
  int64_t integer_or(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) const;
  double number(const std::string& key, double lo, double hi) const;
  double number_or(const std::string& key, double fallback, double lo, double hi) const;
  bool boolean_or(const std::string& key, bool fallback) const;
  std::string string(const std::string& key) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;
  std::string choice(const std::string& key, const std::vector<std::string>& allowed) const;
  std::string choice_or(const std::string& key, const std::string& fallback,
                        const std::vector<std::string>& allowed) const;
  std::vector<std::string> string_list(const std::string& key) const;
  std::vector<int64_t> integer_list(const std::string& key, int64_t lo, int64_t hi) const;
  std::vector<double> number_list(const std::string& key, double lo, double hi) const;
  /// A non-empty array of numbers, strings or booleans, each as its TOML text (strings quoted),
  /// ready to be an override's value.
  std::vector<std::string> scalar_texts(const std::string& key) const;

  TableReader table(const std::string& key) const;
  std::optional<TableReader> table_opt(const std::string& key) const;
  std::vector<TableReader> table_array(const std::string& key) const;

  /// "file:line:col" of a key (or of this table when key is empty), or the --set origin.
  std::string where(const std::string& key = "") const;
  std::string key_path(const std::string& key) const;
  /// Throws a ConfigError located at key: "<where>: <path>: <message>".
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  /// The same, as an UnknownKeyError carrying the full key path.
  [[noreturn]] void fail_unknown(const std::string& key, const std::string& message) const;

  /// Rejects unknown keys, suggesting the closest known key.
  void finish() const;

 private:
  const toml::node& require(const std::string& key, const std::string& expected) const;
  /// `expected` is called only to word an error.
  const toml::node& require(const std::string& key, const std::function<std::string()>& expected) const;
  [[noreturn]] void wrong_type(const std::string& key, const toml::node& node, const std::string& expected) const;

  const toml::table* m_table;
  std::string m_path;
  std::shared_ptr<const ReadContext> m_ctx;
  mutable std::set<std::string> m_used;
};

}  // namespace imc::config::detail

namespace imc::config {
struct HardwareDimension;
namespace detail {
/// The [[KEY]] array of hardware dimensions (search spaces and sweeps share it); `grid` asks a
/// float range for its number of grid points (`count`). Defined in search_config.cpp.
std::vector<HardwareDimension> read_hardware_dimensions(const TableReader& table, const std::string& key, bool grid);
/// A run's name: `name` of the table, by default the file's stem; one plain directory name.
std::string read_run_name(const TableReader& table, const std::string& file);
/// `path` relative to the file `source` when a file is there, else as given.
std::string resolve_beside(const std::string& path, const std::string& source);
}  // namespace detail
}  // namespace imc::config
