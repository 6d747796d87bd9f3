// SPDX-License-Identifier: MIT
#include "configs/detail/table_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "configs/config_error.h"
#include "configs/detail/nesting_guard.h"

namespace imc::config::detail {
namespace {

std::string describe(const toml::node& node) {
  std::ostringstream os;
  switch (node.type()) {
    case toml::node_type::string:
      os << "string \"" << *node.value<std::string>() << "\"";
      break;
    case toml::node_type::integer:
      os << "integer " << *node.value<int64_t>();
      break;
    case toml::node_type::floating_point:
      os << "float " << *node.value<double>();
      break;
    case toml::node_type::boolean:
      os << "boolean " << (*node.value<bool>() ? "true" : "false");
      break;
    case toml::node_type::table:
      os << "a table";
      break;
    case toml::node_type::array:
      os << "an array";
      break;
    default:
      os << "a date/time";
      break;
  }
  return os.str();
}

std::string range_text(double lo, double hi) {
  std::ostringstream os;
  os << "[" << lo << ", " << hi << "]";
  return os.str();
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string location(const toml::source_region& region, const std::string& file) {
  if (region.begin.line == 0) return file;
  return file + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

}  // namespace

toml::table parse_document(const std::string& text, const std::string& file) {
  if (const Nesting n = measure_nesting(text); n.depth > kMaxNesting)
    throw ConfigError(file + ":" + std::to_string(n.line) + ": keys, tables and arrays nest " +
                      std::to_string(n.depth) + " levels deep here; imcnas reads at most " +
                      std::to_string(kMaxNesting) + " (a config nests fewer than ten)");
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& err) {
    throw ConfigError(location(err.source(), file) + ": malformed TOML: " + std::string(err.description()));
  }
}

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path + ": is a directory, expected a TOML file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open file (does it exist and is it readable?)");
  // Read at most one byte past the limit, so /dev/zero or a huge file cannot exhaust memory.
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxConfigBytes)
    throw ConfigError(path + ": larger than " + std::to_string(kMaxConfigBytes >> 20) +
                      " MiB, the limit for a config or network file");
  return text;
}

void apply_overrides(toml::table& root, const std::vector<Override>& overrides, ReadContext& ctx) {
  for (const auto& ov : overrides) {
    if (std::count(ov.key_path.begin(), ov.key_path.end(), '.') >= static_cast<long>(kMaxNesting))
      throw ConfigError(ov.origin + ": the key '" + ov.key_path.substr(0, 40) + "...' has more than " +
                        std::to_string(kMaxNesting) + " parts; imcnas reads at most " + std::to_string(kMaxNesting));
    if (const Nesting n = measure_nesting("v = " + ov.value_text); n.depth > kMaxNesting)
      throw ConfigError(ov.origin + ": the value of " + ov.key_path + " nests " + std::to_string(n.depth) +
                        " levels deep; imcnas reads at most " + std::to_string(kMaxNesting));
    std::vector<std::string> parts;
    std::stringstream ss(ov.key_path);
    for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);

    toml::table* table = &root;
    std::string walked;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      walked += (i ? "." : "") + parts[i];
      toml::node* child = table->get(parts[i]);
      if (!child) {
        // Create it; the strict reader reports it as unknown if it is not part of the schema.
        child = &table->insert_or_assign(parts[i], toml::table{}).first->second;
      }
      if (!child->is_table()) {
        throw ConfigError(ov.origin + ": '" + walked + "' is " + describe(*child) + ", not a table");
      }
      table = child->as_table();
    }

    toml::table parsed;
    try {
      parsed = toml::parse("v = " + ov.value_text);
    } catch (const toml::parse_error&) {
      parsed.insert_or_assign("v", ov.value_text);  // a bare word: take it as a string
    }
    table->insert_or_assign(parts.back(), *parsed.get("v"));
    ctx.override_origin[ov.key_path] = ov.origin;
  }
}

Document document_from_text(const std::string& text, const std::string& source,
                            const std::vector<Override>& overrides) {
  Document d{parse_document(text, source), std::make_shared<ReadContext>()};
  d.ctx->file = source;
  apply_overrides(d.root, overrides, *d.ctx);
  return d;
}

TableReader::TableReader(const toml::table& table, std::string path, std::shared_ptr<const ReadContext> ctx)
    : m_table(&table), m_path(std::move(path)), m_ctx(std::move(ctx)) {}

std::string TableReader::key_path(const std::string& key) const {
  if (key.empty()) return m_path.empty() ? "(top level)" : m_path;
  return m_path.empty() ? key : m_path + "." + key;
}

std::string TableReader::where(const std::string& key) const {
  const std::string path = key.empty() ? m_path : key_path(key);
  auto ov = m_ctx->override_origin.find(path);
  if (ov != m_ctx->override_origin.end()) return ov->second;
  if (!key.empty()) {
    if (const toml::node* node = m_table->get(key)) {
      if (node->source().begin.line != 0) return location(node->source(), m_ctx->file);
    }
  }
  return location(m_table->source(), m_ctx->file);
}

void TableReader::fail(const std::string& key, const std::string& message) const {
  throw ConfigError(where(key) + ": " + key_path(key) + ": " + message);
}

void TableReader::fail_unknown(const std::string& key, const std::string& message) const {
  throw UnknownKeyError(where(key) + ": " + key_path(key) + ": " + message, key_path(key));
}

std::vector<std::string> TableReader::scalar_texts(const std::string& key) const {
  const std::string expected = "a non-empty array of numbers, strings or booleans";
  const toml::node& node = require(key, expected);
  const toml::array* array = node.as_array();
  if (!array) wrong_type(key, node, expected);
  if (array->empty()) fail(key, "is empty, expected at least one value");
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    if (!item.is_number() && !item.is_string() && !item.is_boolean())
      fail(key, "element is " + describe(item) + ", expected a number, a string or a boolean");
    // Each value becomes an override, a report cell, a CSV field and a plot label: a control
    // character or a non-finite number would break them only after every point had run.
    if (const auto* s = item.as_string())
      for (unsigned char c : s->get())
        if (c < 0x20 || c == 0x7f) {
          char code[8];
          std::snprintf(code, sizeof code, "0x%02x", c);
          fail(key, "element " + std::to_string(out.size()) + " is a string holding the control character " + code +
                        "; expected printable text");
        }
    if (auto v = item.value<double>(); item.is_number() && !std::isfinite(*v))
      fail(key, "element is " + describe(item) + ", expected a finite number");
    std::ostringstream text;
    item.visit([&](const auto& v) { text << v; });
    out.push_back(text.str());
  }
  return out;
}

bool TableReader::has(const std::string& key) const {
  m_used.insert(key);
  return m_table->contains(key);
}

bool TableReader::is_array(const std::string& key) const {
  m_used.insert(key);
  const toml::node* node = m_table->get(key);
  return node && node->is_array();
}

const toml::node& TableReader::require(const std::string& key, const std::string& expected) const {
  return require(key, [&] { return expected; });
}

const toml::node& TableReader::require(const std::string& key, const std::function<std::string()>& expected) const {
  m_used.insert(key);
  const toml::node* node = m_table->get(key);
  if (!node) {
    // A typo of a required key reads better as the typo than as a missing key. Short keys
    // allow one edit only: "cols" is two edits from "rows" and is a key of its own.
    const size_t max_edits = key.size() <= 5 ? 1 : 2;
    for (auto&& [present, value] : *m_table) {
      const std::string name(present.str());
      if (!m_used.count(name) && edit_distance(name, key) <= max_edits) {
        fail_unknown(name, "unknown key (did you mean '" + key + "'?)");
      }
    }
    fail(key, "missing required key; expected " + expected());
  }
  return *node;
}

void TableReader::wrong_type(const std::string& key, const toml::node& node, const std::string& expected) const {
  throw InvalidValueError(where(key) + ": " + key_path(key) + ": found " + describe(node) + ", expected " + expected,
                          key_path(key));
}

int64_t TableReader::integer(const std::string& key, int64_t lo, int64_t hi) const {
  // The expectation is formatted only for a message: a config has many numbers to read.
  auto expected = [&] { return "an integer in " + range_text(static_cast<double>(lo), static_cast<double>(hi)); };
  const toml::node& node = require(key, expected);
  auto value = node.value_exact<int64_t>();
  if (!value || *value < lo || *value > hi) wrong_type(key, node, expected());
  return *value;
}

int64_t TableReader::integer_or(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) const {
  return has(key) ? integer(key, lo, hi) : fallback;
}

double TableReader::number(const std::string& key, double lo, double hi) const {
  auto expected = [&] { return "a number in " + range_text(lo, hi); };
  const toml::node& node = require(key, expected);
  if (!node.is_number()) wrong_type(key, node, expected());
  const double value = *node.value<double>();
  if (!std::isfinite(value) || value < lo || value > hi) wrong_type(key, node, expected());
  return value;
}

double TableReader::number_or(const std::string& key, double fallback, double lo, double hi) const {
  return has(key) ? number(key, lo, hi) : fallback;
}

bool TableReader::boolean_or(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const toml::node& node = require(key, "true or false");
  if (!node.is_boolean()) wrong_type(key, node, "true or false");
  return *node.value<bool>();
}

std::string TableReader::string(const std::string& key) const {
  const toml::node& node = require(key, "a string");
  if (!node.is_string()) wrong_type(key, node, "a string");
  return *node.value<std::string>();
}

std::string TableReader::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

std::string TableReader::choice(const std::string& key, const std::vector<std::string>& allowed) const {
  const std::string expected = "one of: " + join(allowed, ", ");
  const toml::node& node = require(key, expected);
  if (!node.is_string()) wrong_type(key, node, expected);
  const std::string value = *node.value<std::string>();
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) wrong_type(key, node, expected);
  return value;
}

std::string TableReader::choice_or(const std::string& key, const std::string& fallback,
                                   const std::vector<std::string>& allowed) const {
  return has(key) ? choice(key, allowed) : fallback;
}

std::vector<std::string> TableReader::string_list(const std::string& key) const {
  const toml::node& node = require(key, "an array of strings");
  const toml::array* array = node.as_array();
  if (!array) wrong_type(key, node, "an array of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    if (!item.is_string()) fail(key, "element is " + describe(item) + ", expected a string");
    out.push_back(*item.value<std::string>());
  }
  return out;
}

std::vector<int64_t> TableReader::integer_list(const std::string& key, int64_t lo, int64_t hi) const {
  const std::string expected = "an array of integers in " + range_text(double(lo), double(hi));
  const toml::node& node = require(key, expected);
  const toml::array* array = node.as_array();
  if (!array) wrong_type(key, node, expected);
  std::vector<int64_t> out;
  for (const toml::node& item : *array) {
    auto value = item.value_exact<int64_t>();
    if (!value || *value < lo || *value > hi) fail(key, "element is " + describe(item) + ", expected " + expected);
    out.push_back(*value);
  }
  return out;
}

std::vector<double> TableReader::number_list(const std::string& key, double lo, double hi) const {
  const std::string expected = "an array of numbers in " + range_text(lo, hi);
  const toml::node& node = require(key, expected);
  const toml::array* array = node.as_array();
  if (!array) wrong_type(key, node, expected);
  std::vector<double> out;
  for (const toml::node& item : *array) {
    std::optional<double> value = item.value<double>();  // integers are numbers too
    if (!value || !(*value >= lo && *value <= hi))       // NaN is in no range
      fail(key, "element is " + describe(item) + ", expected " + expected);
    out.push_back(*value);
  }
  if (out.empty()) fail(key, "is empty, expected " + expected);
  return out;
}

TableReader TableReader::table(const std::string& key) const {
  const toml::node& node = require(key, "a table [" + key_path(key) + "]");
  if (!node.is_table()) wrong_type(key, node, "a table [" + key_path(key) + "]");
  return TableReader(*node.as_table(), key_path(key), m_ctx);
}

std::optional<TableReader> TableReader::table_opt(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return table(key);
}

std::vector<TableReader> TableReader::table_array(const std::string& key) const {
  const std::string expected = "an array of tables [[" + key_path(key) + "]]";
  const toml::node& node = require(key, expected);
  const toml::array* array = node.as_array();
  if (!array) wrong_type(key, node, expected);
  std::vector<TableReader> out;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* item = array->get(i)->as_table();
    if (!item) fail(key, "element " + std::to_string(i) + " is " + describe(*array->get(i)) + ", expected a table");
    out.emplace_back(*item, key_path(key) + "[" + std::to_string(i) + "]", m_ctx);
  }
  return out;
}

void TableReader::finish() const {
  for (auto&& [key, node] : *m_table) {
    const std::string name(key.str());
    if (m_used.count(name)) continue;
    std::vector<std::string> known(m_used.begin(), m_used.end());
    std::string message = "unknown key";
    if (!known.empty()) {
      auto closest = std::min_element(known.begin(), known.end(), [&](const auto& a, const auto& b) {
        return edit_distance(name, a) < edit_distance(name, b);
      });
      if (edit_distance(name, *closest) <= 2) message += " (did you mean '" + *closest + "'?)";
      message += "; expected one of: " + join(known, ", ");
    }
    fail_unknown(name, message);
  }
}

}  // namespace imc::config::detail
