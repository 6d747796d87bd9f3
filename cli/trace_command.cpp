// SPDX-License-Identifier: MIT
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/table.h"
#include "traces/trace_summary.h"

namespace imc::cli {
namespace {

struct Options {
  std::string trace;
  std::string heatmap;
  size_t top = 10;
  bool json = false;
};

nlohmann::json to_json(const traces::TraceSummary& s, size_t top) {
  nlohmann::json tracks = nlohmann::json::array(), layers = nlohmann::json::array(), links = nlohmann::json::array();
  for (size_t i = 0; i < s.tracks.size() && i < top; ++i)
    tracks.push_back({{"track", s.tracks[i].track},
                      {"busy_ns", s.tracks[i].busy_ns},
                      {"utilization", s.tracks[i].utilization},
                      {"events", s.tracks[i].events}});
  for (const auto& l : s.layers)
    layers.push_back({{"name", l.name},
                      {"start_ns", l.start_ns},
                      {"end_ns", l.end_ns},
                      {"pixels", l.pixels},
                      {"wait_input_ns", l.wait_input_ns},
                      {"wait_resource_ns", l.wait_resource_ns},
                      {"wait_buffer_ns", l.wait_buffer_ns}});
  for (size_t i = 0; i < s.links.size() && i < top; ++i)
    links.push_back({{"row", s.links[i].row},
                     {"col", s.links[i].col},
                     {"direction", std::string(1, s.links[i].direction)},
                     {"bits", s.links[i].bits},
                     {"packets", s.links[i].packets}});
  return {{"schema", "imcnas.trace-summary.v1"},
          {"trace", s.path},
          {"span_ns", s.span_ns},
          {"events", s.events},
          {"tracks", tracks},
          {"layers", layers},
          {"critical_path", s.critical_path},
          {"links", links}};
}

void print(const traces::TraceSummary& s, size_t top) {
  std::cout << "trace " << s.path << ": " << with_commas(s.events) << " intervals over " << fixed(s.span_ns / 1e3, 2)
            << " us\n\nbusiest modules (top " << top << "):\n";
  TextTable m({"module", "busy (us)", "utilization %", "events"});
  for (size_t i = 0; i < s.tracks.size() && i < top; ++i)
    m.add({s.tracks[i].track, fixed(s.tracks[i].busy_ns / 1e3, 2), fixed(100 * s.tracks[i].utilization, 1),
           std::to_string(s.tracks[i].events)});
  m.print(std::cout, 1);

  std::cout << "\nlayers (where pixels waited):\n";
  TextTable l({"layer", "start (us)", "end (us)", "pixels", "wait input (us)", "wait resource (us)",
               "waiting on buffer space (us)"});
  for (const auto& x : s.layers)
    l.add({x.name, fixed(x.start_ns / 1e3, 2), fixed(x.end_ns / 1e3, 2), std::to_string(x.pixels),
           fixed(x.wait_input_ns / 1e3, 2), fixed(x.wait_resource_ns / 1e3, 2), fixed(x.wait_buffer_ns / 1e3, 2)});
  l.print(std::cout, 1);

  std::cout << "\ncritical path: ";
  for (size_t i = 0; i < s.critical_path.size(); ++i) std::cout << (i ? " -> " : "") << s.critical_path[i];
  std::cout << "\n\nbusiest NoC links (XY routes of the traced packets, top " << top << "):\n";
  TextTable k({"link", "kbit", "packets"});
  for (size_t i = 0; i < s.links.size() && i < top; ++i)
    k.add({"(" + std::to_string(s.links[i].row) + "," + std::to_string(s.links[i].col) + ") " + s.links[i].direction,
           fixed(s.links[i].bits / 1e3, 1), std::to_string(s.links[i].packets)});
  k.print(std::cout, 1);
}

}  // namespace

void register_trace_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* trace = app.add_subcommand("trace", "inspect traces written by imcnas simulate --trace");
  trace->require_subcommand(1);
  CLI::App* cmd = trace->add_subcommand("summary", "utilization, layer timeline, critical path, waits, busiest links");
  cmd->add_option("TRACE", o->trace, "trace.json, or the directory holding it")->required();
  cmd->add_option("--heatmap", o->heatmap,
                  "draw the link load on the mesh into FILE.svg, FILE.png or FILE.pdf (gnuplot)");
  cmd->add_option("--top", o->top, "rows per table")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_flag("--json", o->json, "print JSON instead (schema in docs/json.md)");
  cmd->callback([o] {
    std::string path = o->trace;
    if (std::filesystem::is_directory(path)) path += "/trace.json";
    const traces::TraceSummary s = traces::summarize_trace(path);
    if (!o->heatmap.empty()) traces::plot_link_heatmap(s, o->heatmap);
    if (o->json) {
      std::cout << to_json(s, o->top).dump(2) << "\n";
    } else {
      print(s, o->top);
      if (!o->heatmap.empty()) std::cout << "\nlink heat map: " << o->heatmap << "\n";
    }
  });
}

}  // namespace imc::cli
