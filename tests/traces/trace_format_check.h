// SPDX-License-Identifier: MIT
// Checks a Chrome Trace Event file against the rules Perfetto relies on; returns
// the problems found (empty when the file follows the format).
#pragma once

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace imc::test {

inline std::vector<std::string> trace_format_problems(const nlohmann::json& j) {
  std::vector<std::string> problems;
  auto problem = [&](const std::string& p) {
    if (problems.size() < 20) problems.push_back(p);
  };
  if (!j.contains("traceEvents") || !j["traceEvents"].is_array()) return {"no traceEvents array"};
  std::set<int> named_processes, used_processes;
  std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> slices;  // (pid, tid) -> [start, end)
  std::map<std::pair<std::string, long>, int> open_async;                        // (cat, id) -> depth
  for (const nlohmann::json& e : j["traceEvents"]) {
    const std::string ph = e.value("ph", "");
    if (ph.empty()) problem("an event without ph");
    if (!e.contains("pid") || !e["pid"].is_number_integer()) problem("an event without an integer pid: " + e.dump());
    const int pid = e.value("pid", 0);
    if (ph == "M") {
      if (e.value("name", "") == "process_name") named_processes.insert(pid);
      continue;
    }
    used_processes.insert(pid);
    if (!e.contains("ts") || !e["ts"].is_number()) problem("an event without a numeric ts: " + e.dump());
    const double ts = e.value("ts", 0.0);
    if (ph == "X") {
      if (!e.contains("dur") || !e["dur"].is_number() || e["dur"].get<double>() < 0)
        problem("X without dur: " + e.dump());
      slices[{pid, e.value("tid", 0)}].push_back({ts, ts + e.value("dur", 0.0)});
    } else if (ph == "b" || ph == "e") {
      if (!e.contains("id")) problem("async event without id: " + e.dump());
      int& depth = open_async[{e.value("cat", ""), e.value("id", -1L)}];
      depth += ph == "b" ? 1 : -1;
      if (depth < 0) problem("async end before its begin: " + e.dump());
    } else if (ph != "C" && ph != "s" && ph != "f" && ph != "i") {
      problem("unexpected phase " + ph);
    }
    const nlohmann::json args = e.value("args", nlohmann::json::object());
    for (const auto& [key, value] : args.items())
      if (value.is_string() && value.get<std::string>().find(".000000") != std::string::npos)
        problem("a padded number in args." + key + ": " + e.dump());
  }
  for (int pid : used_processes)
    if (!named_processes.count(pid)) problem("process " + std::to_string(pid) + " has no process_name");
  for (const auto& [key, depth] : open_async)
    if (depth != 0) problem("async " + key.first + " id " + std::to_string(key.second) + " never ends");
  // Complete events on one thread must nest or be disjoint (1 fs of rounding allowed).
  for (auto& [track, list] : slices) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first < b.first || (a.first == b.first && a.second > b.second);
    });
    std::vector<double> open_ends;
    for (const auto& [start, end] : list) {
      while (!open_ends.empty() && open_ends.back() <= start + 1e-9) open_ends.pop_back();
      if (!open_ends.empty() && end > open_ends.back() + 1e-9)
        problem("overlapping complete events on pid " + std::to_string(track.first) + " tid " +
                std::to_string(track.second) + " at ts " + std::to_string(start));
      open_ends.push_back(end);
    }
  }
  return problems;
}

}  // namespace imc::test
