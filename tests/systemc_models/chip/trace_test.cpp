// SPDX-License-Identifier: MIT
// A traced run: every module kind shows up, and the volume controls hold.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "systemc_models/chip/chip.h"
#include "tests/systemc_models/chip/chip_test_util.h"
#include "tests/traces/trace_format_check.h"
#include "traces/perfetto_sink.h"

namespace imc::sim {
namespace {

TEST(ChipTrace, PerfettoTraceHasModuleTracksPacketsAndCounters) {
  const config::HwConfig hw = test::mnsim_hw({"noc.mode=contention"});
  const mapping::Mapping m = test::map_builtin("modela", hw);
  Chip chip("chip", hw, used_tiles(m));
  const std::string path = std::filesystem::temp_directory_path() / "imcnas_chip_trace_test.json";
  traces::Tracer tracer;
  tracer.add_sink(std::make_unique<traces::PerfettoSink>(path));
  RunOptions opts;
  opts.tracer = &tracer;
  const SimResult r = chip.run(m, opts);
  tracer.close();

  const nlohmann::json j = nlohmann::json::parse(imc::test::read_text(path));
  std::set<std::string> tracks, counters;
  int flows = 0;
  double last_end_us = 0;
  for (const auto& e : j.at("traceEvents")) {
    const std::string ph = e.at("ph");
    if (ph == "M" && e.at("name") == "thread_name") tracks.insert(e.at("args").at("name").get<std::string>());
    if (ph == "C") counters.insert(e.at("name").get<std::string>());
    if (ph == "b") ++flows;
    if (ph == "X") last_end_us = std::max(last_end_us, e.at("ts").get<double>() + e.at("dur").get<double>());
  }
  auto has_track = [&](const std::string& part) {
    for (const std::string& t : tracks)
      if (t.find(part) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has_track(".pe_0")) << "PE tracks";
  EXPECT_TRUE(has_track(".line_buffer")) << "buffer tracks";
  EXPECT_TRUE(has_track(".adder_tree"));
  EXPECT_TRUE(has_track(".pooling"));
  EXPECT_TRUE(has_track("chip.accumulator"));
  EXPECT_TRUE(has_track("chip.noc.link_"));
  EXPECT_TRUE(has_track("chip.controller.layer.b3_add"));
  EXPECT_GT(flows, 0);
  EXPECT_TRUE(counters.count("chip.accumulator.queue_depth"));
  bool occupancy = false;
  for (const std::string& c : counters) occupancy = occupancy || c.find("occupancy_bytes") != std::string::npos;
  EXPECT_TRUE(occupancy);
  EXPECT_NEAR(last_end_us * 1000, r.latency_ns, 1.0);  // the trace ends with the run
  EXPECT_EQ(imc::test::trace_format_problems(j), std::vector<std::string>{});
  std::set<std::string> processes;
  for (const auto& e : j.at("traceEvents"))
    if (e.at("ph") == "M" && e.at("name") == "process_name")
      processes.insert(e.at("args").at("name").get<std::string>());
  EXPECT_TRUE(processes.count("chip"));
  EXPECT_GT(processes.size(), 4u) << "a process per tile";
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace imc::sim
