// SPDX-License-Identifier: MIT
#include "explore/study/input_fingerprints.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "configs/data_config.h"
#include "configs/hw_config.h"

namespace imc::explore {
namespace {

/// FNV-1a, 64 bits, over `text` fed in pieces: a change detector, not a security hash.
struct Fnv1a {
  uint64_t hash = 1469598103934665603ULL;
  size_t bytes = 0;
  void add(const char* data, size_t n) {
    for (size_t i = 0; i < n; ++i) hash = (hash ^ static_cast<unsigned char>(data[i])) * 1099511628211ULL;
    bytes += n;
  }
  std::string text() const {
    char out[64];
    std::snprintf(out, sizeof out, "fnv1a64 %016llx, %zu bytes", static_cast<unsigned long long>(hash), bytes);
    return out;
  }
};

std::string text_fingerprint(const std::string& text) {
  Fnv1a h;
  h.add(text.data(), text.size());
  return h.text();
}

/// A file's content fingerprint, read in 1 MiB pieces (a network file may be hundreds of MB).
std::string file_fingerprint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  Fnv1a h;
  std::string chunk(1 << 20, '\0');
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
    h.add(chunk.data(), static_cast<size_t>(in.gcount()));
  return h.text();
}

/// A dataset file: its size and modification time (hashing hundreds of MB at every resume would cost more
/// than the check is worth).
std::string stat_fingerprint(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&st.st_mtime));
  return std::to_string(static_cast<long long>(st.st_size)) + " bytes, modified " + when + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

std::string absolute(const std::string& path) { return std::filesystem::absolute(path).lexically_normal().string(); }

InputFingerprint hardware_input(const std::string& hw_config) {
  const bool file = std::filesystem::exists(hw_config);
  return {"hardware config", file ? absolute(hw_config) : hw_config,
          text_fingerprint(config::read_hw_config_text(hw_config))};
}

}  // namespace

std::vector<InputFingerprint> search_inputs(const config::SearchConfig& cfg) {
  std::vector<InputFingerprint> out{hardware_input(cfg.hw_config)};
  const config::DataConfig data = config::load_data_config(cfg.data_config);
  if (std::filesystem::exists(cfg.data_config))
    out.push_back({"data config", absolute(cfg.data_config), file_fingerprint(cfg.data_config)});
  for (const std::string* f :
       {&data.train_images, &data.train_labels, &data.test_images, &data.test_labels, &data.train_csv, &data.test_csv})
    if (!f->empty()) out.push_back({"dataset file", absolute(*f), stat_fingerprint(*f)});
  if (!data.dir.empty() && std::filesystem::is_directory(data.dir)) {  // CIFAR-10's batches
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(data.dir))
      if (e.is_regular_file()) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) out.push_back({"dataset file", absolute(f), stat_fingerprint(f)});
  }
  return out;
}

std::vector<InputFingerprint> sweep_inputs(const config::SweepConfig& cfg) {
  std::vector<InputFingerprint> out{hardware_input(cfg.hw_config)};
  for (const std::string& n : cfg.networks)
    if (std::filesystem::is_regular_file(n)) out.push_back({"network", absolute(n), file_fingerprint(n)});
  return out;
}

void record_inputs(const SqliteFile& file, const std::vector<InputFingerprint>& inputs) {
  file.exec(
      "CREATE TABLE IF NOT EXISTS inputs (role TEXT NOT NULL, path TEXT NOT NULL, fingerprint TEXT NOT NULL, "
      "PRIMARY KEY (role, path)); BEGIN; DELETE FROM inputs;");
  try {
    for (const InputFingerprint& i : inputs) {  // a file named twice (train and test in one) is one input
      Statement st(file, "INSERT OR REPLACE INTO inputs (role, path, fingerprint) VALUES (?, ?, ?)");
      st.text(1, i.role);
      st.text(2, i.path);
      st.text(3, i.fingerprint);
      st.step();
    }
    file.exec("COMMIT;");
  } catch (...) {
    file.exec("ROLLBACK;");
    throw;
  }
}

std::vector<InputFingerprint> recorded_inputs(const SqliteFile& file) {
  std::vector<InputFingerprint> out;
  Statement exists(file, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'inputs'");
  if (!exists.step()) return out;
  Statement st(file, "SELECT role, path, fingerprint FROM inputs ORDER BY rowid");
  while (st.step()) out.push_back({st.column_text(0), st.column_text(1), st.column_text(2)});
  return out;
}

std::vector<std::string> changed_inputs(const std::vector<InputFingerprint>& recorded,
                                        const std::vector<InputFingerprint>& now) {
  std::map<std::pair<std::string, std::string>, std::string> then;
  for (const InputFingerprint& i : recorded) then[{i.role, i.path}] = i.fingerprint;
  std::vector<std::string> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const InputFingerprint& i : now) {
    if (!seen.insert({i.role, i.path}).second) continue;
    auto it = then.find({i.role, i.path});
    if (it == then.end()) {
      out.push_back(i.role + " " + i.path + " is new (the run did not read it)");
      continue;
    }
    if (it->second != i.fingerprint)
      out.push_back(i.role + " " + i.path + " changed (was " + it->second + ", now " + i.fingerprint + ")");
    then.erase(it);
  }
  for (const auto& [key, fingerprint] : then)
    out.push_back(key.first + " " + key.second + " is no longer read (was " + fingerprint + ")");
  return out;
}

std::optional<std::string> check_resume_inputs(const std::vector<InputFingerprint>& recorded,
                                               const std::vector<InputFingerprint>& now, const std::string& run_dir,
                                               bool accept) {
  if (recorded.empty())
    return run_dir + " was started before imcnas recorded the inputs of a run; they are recorded now, as they are";
  const std::vector<std::string> changes = changed_inputs(recorded, now);
  if (changes.empty()) return std::nullopt;
  std::string list;
  for (const std::string& c : changes) list += "\n  " + c;
  if (!accept)
    throw StudyError(run_dir +
                     " was computed from other inputs than it would be resumed with; its results would "
                     "mix two setups:" +
                     list +
                     "\nRestore them, start a new run, or resume with --accept-changed-inputs to mix them knowingly");
  return run_dir + " resumes with changed inputs (--accept-changed-inputs):" + list;
}

}  // namespace imc::explore
