// SPDX-License-Identifier: MIT
// The volume controls (layer filter, time window, event cap) in front of the sinks.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "traces/trace_sink.h"

namespace imc::traces {

struct TraceFilter {
  std::set<std::string> layers;  ///< empty: every layer
  uint64_t window_start_ps = 0;
  std::optional<uint64_t> window_end_ps;
  uint64_t max_events = 2'000'000;  ///< ~150 MB of JSON at most
};

class Tracer {
 public:
  explicit Tracer(TraceFilter filter = {});
  void add_sink(std::unique_ptr<TraceSink> sink);

  void layers(const std::vector<LayerInfo>& layers);
  void mesh(int rows, int cols);
  void busy(const BusyEvent& e);
  void packet(const PacketEvent& e);
  void counter(const CounterEvent& e);
  void close();

  uint64_t written() const { return m_written; }
  uint64_t dropped() const { return m_dropped; }

 private:
  bool admit(const std::string& layer_name, uint64_t start_ps, uint64_t end_ps);

  TraceFilter m_filter;
  std::vector<std::unique_ptr<TraceSink>> m_sinks;
  uint64_t m_written = 0;
  uint64_t m_dropped = 0;
  bool m_closed = false;
};

}  // namespace imc::traces
