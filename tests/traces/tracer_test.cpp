// SPDX-License-Identifier: MIT
// Trace volume controls and the Perfetto and CSV writers.
#include "traces/tracer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "tests/test_util.h"
#include "tests/traces/trace_format_check.h"
#include "traces/csv_writer.h"
#include "traces/perfetto_sink.h"
#include "traces/trace_summary.h"

namespace imc::traces {
namespace {

/// Records what reaches it.
struct CountingSink : TraceSink {
  int busy_events = 0, packets = 0, counters = 0;
  bool closed = false;
  void layers(const std::vector<LayerInfo>&) override {}
  void busy(const BusyEvent&) override { ++busy_events; }
  void packet(const PacketEvent&) override { ++packets; }
  void counter(const CounterEvent&) override { ++counters; }
  void close() override { closed = true; }
};

BusyEvent busy_at(const std::string& layer, uint64_t start_ps) {
  return {"chip.tile_0_0.pe_0", "mvm", "busy", 0, layer, start_ps, 1000};
}

TEST(Tracer, FiltersByLayerWindowAndCap) {
  TraceFilter f;
  f.layers = {"conv1"};
  f.window_start_ps = 10'000;
  f.window_end_ps = 20'000;
  f.max_events = 2;
  Tracer t(f);
  auto sink = std::make_unique<CountingSink>();
  CountingSink* s = sink.get();
  t.add_sink(std::move(sink));
  t.busy(busy_at("conv2", 15'000));  // other layer
  t.busy(busy_at("conv1", 1'000));   // before the window
  t.busy(busy_at("conv1", 30'000));  // after it
  t.busy(busy_at("conv1", 15'000));
  t.busy(busy_at("conv1", 16'000));
  t.busy(busy_at("conv1", 17'000));  // over the cap
  t.close();
  EXPECT_EQ(s->busy_events, 2);
  EXPECT_EQ(t.written(), 2u);
  EXPECT_EQ(t.dropped(), 1u);
  EXPECT_TRUE(s->closed);
}

TEST(PerfettoSink, WritesValidTraceEventJson) {
  const std::string path = std::filesystem::temp_directory_path() / "imcnas_perfetto_test.json";
  {
    PerfettoSink sink(path);
    sink.busy(busy_at("conv1", 2'500));
    sink.packet({"chip.tile_0_0", "chip.tile_0_3", 0, "conv1", 3'500, 50'000, 900, 3});
    sink.counter({"chip.accumulator", "queue_depth", 4'000, 2});
    sink.close();
  }
  const nlohmann::json j = nlohmann::json::parse(imc::test::read_text(path));
  const auto& events = j.at("traceEvents");
  int complete = 0, async = 0, counters = 0, names = 0, processes = 0;
  double busy_ts = -1;
  for (const auto& e : events) {
    const std::string ph = e.at("ph");
    complete += ph == "X";
    async += ph == "b" || ph == "e";
    counters += ph == "C";
    names += ph == "M" && e.at("name") == "thread_name";
    processes += ph == "M" && e.at("name") == "process_name";
    if (ph == "X") busy_ts = e.at("ts").get<double>();
    if (ph == "b") EXPECT_EQ(e.at("args").at("bits").dump(), "900.0") << "no to_string padding";
  }
  EXPECT_EQ(complete, 1);  // the busy interval
  EXPECT_EQ(async, 2);     // the packet: begin and end
  EXPECT_EQ(counters, 1);
  EXPECT_EQ(names, 2);                // pe track, and the sender's network interface
  EXPECT_EQ(processes, 2);            // tile 0,0 and the chip (accumulator)
  EXPECT_DOUBLE_EQ(busy_ts, 0.0025);  // microseconds, ps precision
  EXPECT_EQ(test::trace_format_problems(j), std::vector<std::string>{});
  std::filesystem::remove(path);
}

TEST(PerfettoSink, UnwritablePathIsAnError) {
  EXPECT_THROW(PerfettoSink("/nonexistent-dir/trace.json"), std::runtime_error);
}

TEST(CsvWriter, SelfDescribingHeaderAndQuoting) {
  const std::string path = std::filesystem::temp_directory_path() / "imcnas_csv_test.csv";
  write_csv(path, {{"what this is", "units"}, {"name", "busy_ns"}, {{"a,b", "1.5"}}});
  EXPECT_EQ(imc::test::read_text(path), "# what this is\n# units\nname,busy_ns\n\"a,b\",1.5\n");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace imc::traces

namespace imc::traces {
namespace {

TEST(TraceSummary, LinksOfAPacketGoingNorthWestLieInsideTheMesh) {
  const std::string path = std::filesystem::temp_directory_path() / "imcnas_summary_test.json";
  {
    PerfettoSink sink(path);
    sink.layers({{"conv1", {}}});
    sink.busy({"chip.controller.layer.conv1", "pixel", "busy", 0, "conv1", 0, 5000});
    sink.packet({"chip.tile_3_2", "chip.tile_0_0", 0, "conv1", 0, 4000, 900, 5, "WWNNN"});
    sink.close();
  }
  const TraceSummary s = summarize_trace(path);
  EXPECT_EQ(s.mesh_rows, 4);
  EXPECT_EQ(s.mesh_cols, 3);
  ASSERT_EQ(s.links.size(), 5u);
  for (const LinkLoad& l : s.links) {
    EXPECT_LT(l.row, s.mesh_rows);
    EXPECT_LT(l.col, s.mesh_cols);
  }
  EXPECT_EQ(s.critical_path, (std::vector<std::string>{"conv1"}));
  std::filesystem::remove(path);
}

// The inspector follows the route each packet recorded, whatever routing function chose it:
// a packet that went north first loads the north links of its source column.
TEST(TraceSummary, LinkLoadsFollowTheRecordedRoute) {
  const std::string path = std::filesystem::temp_directory_path() / "imcnas_summary_route_test.json";
  {
    PerfettoSink sink(path);
    sink.layers({{"conv1", {}}});
    sink.busy({"chip.controller.layer.conv1", "pixel", "busy", 0, "conv1", 0, 5000});
    sink.packet({"chip.tile_3_2", "chip.tile_1_0", 0, "conv1", 0, 4000, 900, 4, "NNWW"});
    sink.close();
  }
  const TraceSummary s = summarize_trace(path);
  std::set<std::tuple<int, int, char>> links;
  for (const LinkLoad& l : s.links) links.insert({l.row, l.col, l.direction});
  EXPECT_EQ(links, (std::set<std::tuple<int, int, char>>{{3, 2, 'N'}, {2, 2, 'N'}, {1, 2, 'W'}, {1, 1, 'W'}}));
  std::filesystem::remove(path);
}

// Tiles outside the mesh a trace declares (or, in a trace that declares none, outside the
// largest mesh a config allows) are refused: a 552-byte trace naming tile_2000000000_2000000000
// took 3 GB and died (issue 27, item 16).
TEST(TraceSummary, TilesOutsideTheDeclaredMeshAreRefused) {
  const std::string path = std::filesystem::temp_directory_path() / "imcnas_summary_mesh_test.json";
  auto summary_error = [&](const std::string& src, const std::string& route, bool declare) {
    {
      PerfettoSink sink(path);
      sink.layers({{"conv1", {}}});
      if (declare) sink.mesh(4, 4);
      sink.packet({src, "chip.tile_0_0", 0, "conv1", 0, 4000, 900, 1, route});
      sink.close();
    }
    try {
      summarize_trace(path);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(summary_error("chip.tile_5_0", "NNNNN", true).find("outside the 4x4 mesh"), std::string::npos);
  EXPECT_NE(summary_error("chip.tile_3_3", "EE", true).find("outside the 4x4 mesh"), std::string::npos);
  EXPECT_EQ(summary_error("chip.tile_3_3", "WWWNNN", true), "");
  EXPECT_NE(summary_error("chip.tile_2000000000_2000000000", "N", false).find("outside the 4096x4096 mesh"),
            std::string::npos);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace imc::traces
