// SPDX-License-Identifier: MIT
// Chrome Trace Event JSON, which the Perfetto UI and chrome://tracing open:
// one thread track per module, busy intervals as complete ("X") events,
// packets as flow arrows, counters as "C" events. Written as a stream.
#pragma once

#include <map>
#include <sstream>
#include <string>

#include "traces/output_file.h"
#include "traces/trace_sink.h"

namespace imc::traces {

class PerfettoSink : public TraceSink {
 public:
  /// Opens `path` for writing; throws std::runtime_error if it cannot. The file appears
  /// complete at close(), or not at all.
  explicit PerfettoSink(const std::string& path);
  ~PerfettoSink() override;
  void layers(const std::vector<LayerInfo>& layers) override;
  void busy(const BusyEvent& e) override;
  void packet(const PacketEvent& e) override;
  void counter(const CounterEvent& e) override;
  void close() override;

 private:
  int track_id(const std::string& track);
  void begin_event();

  OutputFile m_file;
  std::ostringstream m_out;  ///< the events not yet handed to m_file
  std::map<std::string, int> m_tracks;
  long m_flow_id = 0;
  bool m_first = true;
  bool m_closed = false;
};

}  // namespace imc::traces
