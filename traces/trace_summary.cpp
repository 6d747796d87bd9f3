// SPDX-License-Identifier: MIT
#include "traces/trace_summary.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "traces/gnuplot.h"
#include "traces/output_file.h"

namespace imc::traces {
namespace {

const std::string kLayerTrack = ".layer.";

struct Interval {
  double start, end;
};

double union_length(std::vector<Interval>& v) {
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  double total = 0, cur_start = 0, cur_end = -1;
  for (const Interval& i : v) {
    if (i.start > cur_end) {
      if (cur_end > cur_start) total += cur_end - cur_start;
      cur_start = i.start;
      cur_end = i.end;
    } else {
      cur_end = std::max(cur_end, i.end);
    }
  }
  if (cur_end > cur_start) total += cur_end - cur_start;
  return total;
}

/// The largest mesh side a hardware config allows (chip.mesh_rows, chip.mesh_cols).
constexpr int kMaxMeshSide = 4096;

/// "chip.tile_3_4" -> (3, 4); false for anything else.
bool tile_position(const std::string& track, int& row, int& col) {
  const size_t at = track.rfind("tile_");
  if (at == std::string::npos) return false;
  return std::sscanf(track.c_str() + at, "tile_%d_%d", &row, &col) == 2;
}

/// Adds a packet's bits to every link of the route it recorded (the output port at each router:
/// E, W, N or S), from its source router; the mesh grows to hold every router it passes. A trace
/// written before routes were recorded has none: its packets count, but load no link.
void follow_route(TraceSummary& s, std::map<std::tuple<int, int, char>, LinkLoad>& loads, int row, int col,
                  const std::string& route, double bits) {
  s.mesh_rows = std::max(s.mesh_rows, row + 1);
  s.mesh_cols = std::max(s.mesh_cols, col + 1);
  for (char d : route) {
    LinkLoad& l = loads[{row, col, d}];
    l.row = row;
    l.col = col;
    l.direction = d;
    l.bits += bits;
    ++l.packets;
    if (d == 'E') ++col;
    if (d == 'W') --col;
    if (d == 'S') ++row;
    if (d == 'N') --row;
    if (row < 0 || col < 0 || std::string("EWNS").find(d) == std::string::npos)
      throw std::runtime_error(s.path + ": a packet's route '" + route + "' leaves the mesh or names no direction");
    s.mesh_rows = std::max(s.mesh_rows, row + 1);
    s.mesh_cols = std::max(s.mesh_cols, col + 1);
  }
}

}  // namespace

namespace {

nlohmann::json read_trace_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read trace " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": not a JSON trace (" + std::string(e.what()) + ")");
  }
  if (!j.is_object() || !j.contains("traceEvents") || !j["traceEvents"].is_array())
    throw std::runtime_error(path + ": no traceEvents array; expected a trace written by imcnas simulate --trace");
  return j;
}

/// The trace's events, read one at a time into what the summary is made of.
struct TraceReader {
  const std::string& path;
  TraceSummary s;
  std::map<int, std::string> track_of;
  std::map<std::string, std::vector<Interval>> busy;
  std::map<std::string, long> event_count;
  std::map<std::string, LayerSpan> spans;
  std::vector<std::string> layer_order;
  std::map<std::tuple<int, int, char>, LinkLoad> loads;
  double first = 1e300, last = -1e300;
  // The mesh the trace declares (traces before it was recorded: the largest a config allows).
  int declared_rows = 0, declared_cols = 0;

  void read(const nlohmann::json& e) {
    const std::string ph = e.value("ph", "");
    if (ph == "M") return metadata(e);
    if (ph == "b" && e.value("cat", "") == "noc" && e.contains("args")) return packet(e);
    if (ph == "e") last = std::max(last, e.value("ts", 0.0) * 1000);
    if (ph == "X") span(e);
  }

  /// Track names, the mesh and the layers with their producers.
  void metadata(const nlohmann::json& e) {
    if (e.value("name", "") == "thread_name") track_of[e.value("tid", 0)] = e["args"].value("name", "");
    if (e.value("name", "") == "imcnas_mesh") {
      declared_rows = e["args"].value("rows", 0);
      declared_cols = e["args"].value("cols", 0);
    }
    if (e.value("name", "") == "imcnas_layers")
      for (const nlohmann::json& l : e["args"]["layers"]) {
        const std::string name = l.value("name", "");
        layer_order.push_back(name);
        spans[name].name = name;
        spans[name].producers = l.value("producers", std::vector<std::string>{});
      }
  }

  /// A packet: its bits on every link of its recorded route.
  void packet(const nlohmann::json& e) {
    ++s.events;
    const double start = e.value("ts", 0.0) * 1000;
    first = std::min(first, start);
    last = std::max(last, start);
    int r0, c0;
    if (!tile_position(e["args"].value("src", ""), r0, c0)) return;
    const int rows = declared_rows > 0 ? std::min(declared_rows, kMaxMeshSide) : kMaxMeshSide;
    const int cols = declared_cols > 0 ? std::min(declared_cols, kMaxMeshSide) : kMaxMeshSide;
    const std::string mesh = std::to_string(rows) + "x" + std::to_string(cols) + " mesh of the trace";
    if (r0 < 0 || c0 < 0 || r0 >= rows || c0 >= cols)
      throw std::runtime_error(path + ": a packet leaves from " + e["args"].value("src", std::string()) +
                               ", outside the " + mesh);
    follow_route(s, loads, r0, c0, e["args"].value("route", ""), e["args"].value("bits", 0.0));
    if (s.mesh_rows > rows || s.mesh_cols > cols)
      throw std::runtime_error(path + ": a packet from " + e["args"].value("src", std::string()) + " along '" +
                               e["args"].value("route", std::string()) + "' passes router (" +
                               std::to_string(s.mesh_rows - 1) + ", " + std::to_string(s.mesh_cols - 1) +
                               "), outside the " + mesh);
  }

  /// A complete event: a layer's pixel or wait, or a module busy.
  void span(const nlohmann::json& e) {
    ++s.events;
    const std::string& track = track_of[e.value("tid", 0)];
    const double start = e.value("ts", 0.0) * 1000, end = start + e.value("dur", 0.0) * 1000;
    first = std::min(first, start);
    last = std::max(last, end);
    const std::string name = e.value("name", "");
    const size_t layer_at = track.find(kLayerTrack);
    if (layer_at == std::string::npos) {
      busy[track].push_back({start, end});
      ++event_count[track];
      return;
    }
    LayerSpan& l = spans[track.substr(layer_at + kLayerTrack.size())];
    if (l.name.empty()) {
      l.name = track.substr(layer_at + kLayerTrack.size());
      layer_order.push_back(l.name);
    }
    if (name == "pixel") {
      l.start_ns = l.pixels == 0 ? start : std::min(l.start_ns, start);
      l.end_ns = std::max(l.end_ns, end);
      ++l.pixels;
    } else if (name == "wait input") {
      l.wait_input_ns += end - start;
    } else if (name == "wait resource") {
      l.wait_resource_ns += end - start;
    } else if (name == "wait buffer") {
      l.wait_buffer_ns += end - start;
    }
  }

  /// Module utilization, the layers in order, the critical path and the busiest links.
  TraceSummary finish() {
    if (s.events == 0) throw std::runtime_error(path + ": the trace holds no events");
    s.span_ns = last - first;
    for (auto& [track, intervals] : busy) {
      const double b = union_length(intervals);
      s.tracks.push_back({track, b, s.span_ns > 0 ? b / s.span_ns : 0, event_count[track]});
    }
    std::stable_sort(s.tracks.begin(), s.tracks.end(),
                     [](const TrackUse& a, const TrackUse& b) { return a.busy_ns > b.busy_ns; });
    for (const std::string& name : layer_order) s.layers.push_back(spans[name]);

    // Critical path: from the layer that ends last, back through the producer that ended last.
    const LayerSpan* at = nullptr;
    for (const LayerSpan& l : s.layers)
      if (l.pixels > 0 && (!at || l.end_ns > at->end_ns)) at = &l;
    while (at) {
      s.critical_path.insert(s.critical_path.begin(), at->name);
      const LayerSpan* next = nullptr;
      for (const std::string& p : at->producers)
        for (const LayerSpan& l : s.layers)
          if (l.name == p && (!next || l.end_ns > next->end_ns)) next = &l;
      at = next;
    }

    for (const auto& [key, load] : loads) s.links.push_back(load);
    std::stable_sort(s.links.begin(), s.links.end(),
                     [](const LinkLoad& a, const LinkLoad& b) { return a.bits > b.bits; });
    return std::move(s);
  }
};

}  // namespace

TraceSummary summarize_trace(const std::string& path) {
  const nlohmann::json j = read_trace_json(path);
  TraceReader reader{path, {}, {}, {}, {}, {}, {}, {}};
  reader.s.path = path;
  for (const nlohmann::json& e : j["traceEvents"]) reader.read(e);
  return reader.finish();
}

void plot_link_heatmap(const TraceSummary& s, const std::string& out_path) {
  if (s.links.empty()) throw std::runtime_error(s.path + ": the trace has no NoC packets to plot");
  std::vector<std::vector<double>> kbits(static_cast<size_t>(s.mesh_rows),
                                         std::vector<double>(static_cast<size_t>(s.mesh_cols), 0.0));
  for (const LinkLoad& l : s.links) kbits[static_cast<size_t>(l.row)][static_cast<size_t>(l.col)] += l.bits / 1000;

  check_plot_path(out_path);  // a bad name fails before any work
  const TempDir tmp;
  const std::string data = tmp.file("heatmap.dat");
  {
    std::ostringstream out;
    for (const auto& row : kbits) {
      for (size_t c = 0; c < row.size(); ++c) out << (c ? " " : "") << row[c];
      out << "\n";
    }
    write_file(data, out.str());
  }
  std::ostringstream gp;
  gp << "set title " << gnuplot_string("NoC link load: kbit sent by each router (" + s.path + ")") << " noenhanced\n"
     << "set xlabel 'mesh column'\nset ylabel 'mesh row'\n"
     << "set cblabel 'kbit sent over outgoing links'\n"
     << "set yrange [" << s.mesh_rows - 0.5 << ":-0.5]\nset xrange [-0.5:" << s.mesh_cols - 0.5 << "]\n"
     << "set size ratio -1\nset palette defined (0 'white', 1 'yellow', 2 'orange', 3 'red', 4 'dark-red')\n"
     << "plot " << gnuplot_string(data) << " matrix with image notitle\n";
  render_plot(out_path, 800, 720, gp.str());
}

}  // namespace imc::traces
