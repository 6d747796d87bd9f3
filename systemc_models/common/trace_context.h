// SPDX-License-Identifier: MIT
// What modules need to trace: the chip's tracer (null when tracing is off)
// and the start of the current run, so trace times are relative to it.
#pragma once

#include <string>
#include <systemc>

#include "mapping/mapping.h"
#include "systemc_models/common/activity.h"
#include "traces/tracer.h"

namespace imc::sim {

class VcdProbe;

/// A tile's track in the trace: chip.tile_ROW_COL (the tile modules' names).
inline std::string tile_track(const mapping::MeshPos& pos) {
  return "chip.tile_" + std::to_string(pos.row) + "_" + std::to_string(pos.col);
}

struct TraceContext {
  traces::Tracer* tracer = nullptr;
  VcdProbe* vcd = nullptr;  ///< set when the chip was built with a VCD file
  sc_core::sc_time run_start;

  uint64_t ps(const sc_core::sc_time& t) const {
    return static_cast<uint64_t>((t - run_start).value());  // the kernel resolution is 1 ps
  }
  void busy(const std::string& track, const char* what, const Activity& a, const sc_core::sc_time& start,
            const sc_core::sc_time& duration, const char* category = "busy") const {
    if (!tracer) return;
    tracer->busy({track, what, category, a.layer, a.layer_name ? *a.layer_name : std::string(), ps(start),
                  static_cast<uint64_t>(duration.value())});
  }
  void counter(const std::string& track, const char* what, const sc_core::sc_time& t, double value) const {
    if (tracer) tracer->counter({track, what, ps(t), value});
  }
};

}  // namespace imc::sim
