// SPDX-License-Identifier: MIT
// Structure-aware libFuzzer harnesses (IMCNAS_FUZZ_TARGET):
//   7, toml:  the input drives a generator of TOML documents with what hand-made fuzz inputs
//             rarely reach: keys and headers of thousands of parts, long arrays, deep nesting,
//             multi-byte UTF-8 and control characters in strings and keys. Every config parser
//             must parse it or throw ConfigError.
//   8, study: the input drives edits of a valid study.db (values of any column set to text,
//             broken JSON, numbers, NULL; the schema version changed; a table dropped). Opening
//             it, reading its trials and checking them against its space must either work or
//             throw StudyError.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "configs/config_error.h"
#include "configs/hw_config.h"
#include "configs/search_config.h"
#include "configs/sweep_config.h"

#if IMCNAS_FUZZ_TARGET == 8
#include <sqlite3.h>

#include "explore/study/study_db.h"
#include "nas/study/study_check.h"
#endif

namespace {

/// Reads the fuzz input as a stream of choices.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
  bool empty() const { return m_at >= m_size; }
  uint8_t byte() { return m_at < m_size ? m_data[m_at++] : 0; }
  size_t below(size_t n) { return n ? (size_t(byte()) << 8 | byte()) % n : 0; }
  std::string text(size_t max) {
    std::string out;
    for (size_t n = below(max + 1); n-- > 0 && !empty();) out += static_cast<char>(byte());
    return out;
  }

 private:
  const uint8_t* m_data;
  size_t m_size;
  size_t m_at = 0;
};

#if IMCNAS_FUZZ_TARGET == 7
std::string key(Choices& c) {
  static const char* words[] = {"a", "adc", "bits", "chip", "\"q.k\"", "'lit'", "k\xc3\xa9", "x-y", "_"};
  return words[c.below(sizeof words / sizeof *words)];
}

std::string value(Choices& c, int depth) {
  switch (c.below(depth > 3 ? 5 : 8)) {
    case 0:
      return std::to_string(static_cast<int>(c.below(100000)) - 50000);
    case 1:
      return c.byte() % 2 ? "1e308" : "-0.5";
    case 2:  // a string with control characters, escapes and multi-byte UTF-8
      return "\"" + std::string(c.byte() % 2 ? "\\u0001\\n" : "\xe2\x82\xac\xf0\x9f\x98\x80") + c.text(8) + "\"";
    case 3:
      return c.byte() % 2 ? "true" : "nan";
    case 4: {  // a long array
      std::string a = "[";
      for (size_t n = c.below(5000); n-- > 0;) a += "1,";
      return a + "]";
    }
    case 5: {  // deep arrays
      const size_t d = c.below(400);
      return std::string(d, '[') + "0" + std::string(d, ']');
    }
    case 6: {  // deep inline tables
      const size_t d = c.below(400);
      std::string t;
      for (size_t i = 0; i < d; ++i) t += "{a=";
      return t + "1" + std::string(d, '}');
    }
    default:
      return "{" + key(c) + " = " + value(c, depth + 1) + "}";
  }
}

std::string dotted(Choices& c) {
  std::string k = key(c);
  for (size_t n = c.byte() % 4 == 0 ? c.below(60000) : c.below(4); n-- > 0;) k += "." + key(c);
  return k;
}

std::string document(Choices& c) {
  std::string doc;
  while (!c.empty() && doc.size() < (1 << 20)) {
    switch (c.below(4)) {
      case 0:
        doc += "[" + dotted(c) + "]\n";
        break;
      case 1:
        doc += "[[" + dotted(c) + "]]\n";
        break;
      default:
        doc += dotted(c) + " = " + value(c, 0) + "\n";
    }
  }
  return doc;
}
#endif

#if IMCNAS_FUZZ_TARGET == 8
const char* kSearch =
    "[study]\ntrials = 3\n[space]\nmin_blocks = 1\nmax_blocks = 2\nkernels = [16, 32]\n"
    "[hardware]\nconfig = \"mnsim-2024\"\n";

/// Removes the process's scratch studies when it exits.
struct Scratch {
  std::string path;
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    std::filesystem::remove(path + ".edit", ec);
  }
};

/// A valid study with three trials, made once per process.
const std::string& template_study() {
  static Scratch scratch;
  static const std::string path = [] {
    const std::string p = std::filesystem::temp_directory_path() / ("fuzz_study_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(p);
    imc::explore::StudyDb db = imc::explore::StudyDb::create(p, {"f", kSearch, "tpe", 1, "s.toml", {}});
    db.finish_trial(db.begin_trial({{"n_blocks", 1}, {"bt1", 0}, {"k1", 1}}, 1), imc::explore::TrialState::Complete,
                    {{"accuracy", 0.5}}, 0.5, {{"train", 1}}, "", {{1, 0.5}});
    db.finish_trial(db.begin_trial({{"n_blocks", 2}, {"bt1", 2}, {"k1", 0}, {"bt2", 1}, {"k2", 1}}, 2),
                    imc::explore::TrialState::Infeasible, {{"latency_ms", 3}}, std::nullopt, {}, "too slow");
    db.begin_trial({{"n_blocks", 1}, {"bt1", 1}, {"k1", 0}}, 3);
    scratch.path = p;
    return p;
  }();
  return path;
}

std::string edit(Choices& c) {
  static const char* columns[] = {"number",        "state", "params", "metrics", "fitness",
                                  "stage_seconds", "seed",  "error",  "worker",  "intermediate"};
  static const char* values[] = {"'{'",        "'[1,2]'", "'{\"n_blocks\": 9}'", "'{\"bt1\": 1e300}'",  "NULL", "-1",
                                 "'complete'", "'\"x\"'", "'{\"1\": \"a\"}'",    "9223372036854775807", "''"};
  switch (c.below(6)) {
    case 0:
      return "PRAGMA user_version = " + std::to_string(c.below(6));
    case 1:
      return "DROP TABLE " + std::string(c.byte() % 2 ? "trials" : "study");
    case 2:
      return "UPDATE study SET " + std::string(c.byte() % 2 ? "overrides" : "config") + " = " +
             values[c.below(sizeof values / sizeof *values)];
    case 3:
      return "DELETE FROM trials WHERE number = " + std::to_string(c.below(3));
    default:
      return "UPDATE trials SET " + std::string(columns[c.below(sizeof columns / sizeof *columns)]) + " = " +
             values[c.below(sizeof values / sizeof *values)] + " WHERE number = " + std::to_string(c.below(3));
  }
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Choices c(data, size);
#if IMCNAS_FUZZ_TARGET == 7
  const std::string text = document(c);
  try {
    imc::config::parse_hw_config(text, "fuzz.toml");
  } catch (const imc::config::ConfigError&) {
  }
  try {
    imc::config::parse_search_config(text, "fuzz.toml");
  } catch (const imc::config::ConfigError&) {
  }
  try {
    imc::config::parse_sweep_config(text, "fuzz.toml");
  } catch (const imc::config::ConfigError&) {
  }
#elif IMCNAS_FUZZ_TARGET == 8
  const std::string path = template_study() + ".edit";
  std::filesystem::copy_file(template_study(), path, std::filesystem::copy_options::overwrite_existing);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    for (int n = 0; n < 4 && !c.empty(); ++n) sqlite3_exec(db, edit(c).c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  try {
    const imc::explore::StudyDb study = imc::explore::StudyDb::open(path);
    const imc::config::SearchConfig cfg =
        imc::config::parse_search_config(study.meta().config_text, study.meta().config_path);
    imc::nas::check_study_trials(cfg, study.trials(), path);
  } catch (const imc::explore::StudyError&) {
  } catch (const imc::config::ConfigError&) {  // a stored config edited into a wrong one
  }
#else
#error "structured_fuzz.cpp: IMCNAS_FUZZ_TARGET must be 7 (toml) or 8 (study)"
#endif
  return 0;
}
