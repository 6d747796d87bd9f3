// SPDX-License-Identifier: MIT
// Chrome Trace Event JSON, which the Perfetto UI and chrome://tracing open
// (format imcnas.trace.v2, docs/traces.md):
// - a process per tile ("chip.tile_R_C") and one for the rest of the chip, so
//   a user can collapse a tile's tracks;
// - a thread track per module, busy intervals as complete ("X") events that
//   never overlap on one track;
// - NoC packets as async ("b"/"e") events with an id, since many packets are in
//   flight at once on one network interface;
// - counters as "C" events on their module's process.
// Written as a stream; the file appears complete at close(), or not at all.
#pragma once

#include <map>
#include <sstream>
#include <string>

#include "traces/output_file.h"
#include "traces/trace_sink.h"

namespace imc::traces {

class PerfettoSink : public TraceSink {
 public:
  /// Opens `path` for writing; throws std::runtime_error if it cannot.
  explicit PerfettoSink(const std::string& path);
  ~PerfettoSink() override;
  void layers(const std::vector<LayerInfo>& layers) override;
  void mesh(int rows, int cols) override;
  void busy(const BusyEvent& e) override;
  void packet(const PacketEvent& e) override;
  void counter(const CounterEvent& e) override;
  void close() override;

 private:
  struct TrackId {
    int pid = 0;
    int tid = 0;
  };
  int process_id(const std::string& track);
  TrackId track_id(const std::string& track);
  void begin_event();

  OutputFile m_file;
  std::ostringstream m_out;  ///< the events not yet handed to m_file
  std::map<std::string, int> m_processes;
  std::map<std::string, TrackId> m_tracks;
  long m_packet_id = 0;
  bool m_first = true;
  bool m_closed = false;
};

/// The process a module's track belongs to: "chip.tile_R_C" for a tile's modules, else "chip".
std::string trace_process_of(const std::string& track);

}  // namespace imc::traces
