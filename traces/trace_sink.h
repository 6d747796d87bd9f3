// SPDX-License-Identifier: MIT
// Trace events and the sinks that write them. Times are integer picoseconds
// of simulated time, relative to the start of the run. No SystemC here: the
// simulator feeds a Tracer, the Tracer filters and fans out to sinks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace imc::traces {

/// A module was busy on behalf of a layer.
struct BusyEvent {
  std::string track;     ///< hierarchical module name, e.g. chip.tile_0_1.pe_2
  std::string name;      ///< what it did, e.g. mvm, write, packet
  std::string category;  ///< busy | wait | noc
  int layer = -1;
  std::string layer_name;
  uint64_t start_ps = 0;
  uint64_t duration_ps = 0;
};

/// A packet crossed the NoC from one module to another.
struct PacketEvent {
  std::string src_track;
  std::string dst_track;
  int layer = -1;
  std::string layer_name;
  uint64_t start_ps = 0;
  uint64_t end_ps = 0;
  double bits = 0;
  int hops = 0;
  std::string route;  ///< the output port at each router on the way: 'E', 'W', 'N' or 'S' per hop
};

/// A sampled quantity: buffer occupancy, queue depth.
struct CounterEvent {
  std::string track;
  std::string name;
  uint64_t time_ps = 0;
  double value = 0;
};

/// A layer of the traced network and the layers it reads from (for the critical path).
struct LayerInfo {
  std::string name;
  std::vector<std::string> producers;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  /// The network's layers, written once before the events.
  virtual void layers(const std::vector<LayerInfo>& layers) = 0;
  /// The chip's mesh: the trace inspector refuses tiles outside it. Sinks without a place for it ignore it.
  virtual void mesh(int /*rows*/, int /*cols*/) {}
  virtual void busy(const BusyEvent& e) = 0;
  virtual void packet(const PacketEvent& e) = 0;
  virtual void counter(const CounterEvent& e) = 0;
  /// Ends the file; no event may follow.
  virtual void close() = 0;
};

}  // namespace imc::traces
