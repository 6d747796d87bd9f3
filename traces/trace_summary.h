// SPDX-License-Identifier: MIT
// The trace inspector: reads a Perfetto trace that imcnas wrote and says where
// the time went.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace imc::traces {

struct TrackUse {
  std::string track;
  double busy_ns = 0;      ///< union of busy intervals
  double utilization = 0;  ///< busy / trace span
  long events = 0;
};

struct LayerSpan {
  std::string name;
  double start_ns = 0;
  double end_ns = 0;
  long pixels = 0;
  double wait_input_ns = 0;     ///< pixels waiting for producer pixels
  double wait_resource_ns = 0;  ///< pixels slowed by busy links, ports, adders
  double wait_buffer_ns = 0;    ///< results held back: a consumer's input buffer was full
  std::vector<std::string> producers;
};

struct LinkLoad {
  int row = 0, col = 0;
  char direction = 'E';  ///< E, W, N, S
  double bits = 0;
  long packets = 0;
};

struct TraceSummary {
  std::string path;
  double span_ns = 0;
  long events = 0;
  std::vector<TrackUse> tracks;            ///< busiest first
  std::vector<LayerSpan> layers;           ///< in network order
  std::vector<std::string> critical_path;  ///< first layer to the last to finish
  std::vector<LinkLoad> links;             ///< most bits first, along the routes packets recorded
  int mesh_rows = 0, mesh_cols = 0;        ///< smallest mesh holding every traced tile
};

/// Reads and summarizes a trace; throws std::runtime_error naming the file and the problem.
TraceSummary summarize_trace(const std::string& path);

/// Renders link load per router as a heat map (SVG or PNG, by extension) with gnuplot.
void plot_link_heatmap(const TraceSummary& s, const std::string& out_path);

}  // namespace imc::traces
