// SPDX-License-Identifier: MIT
// A processing element: a crossbar group (positive and negative crossbars),
// DACs, ADCs with column muxing, shift-and-add, and its input line buffer.
#pragma once

#include <memory>
#include <systemc>

#include "configs/hw_config.h"
#include "mapping/timing.h"
#include "systemc_models/buffer/buffer.h"
#include "systemc_models/common/interfaces.h"

namespace imc::sim {

class Pe : public sc_core::sc_module {
 public:
  Pe(sc_core::sc_module_name name, const config::HwConfig& hw, double line_buffer_bytes, const TraceContext* trace);

  /// One matrix-vector product no earlier than `earliest`; returns the end.
  sc_core::sc_time mvm(const sc_core::sc_time& earliest, const MvmShape& shape, const Activity& a);

  Buffer& line_buffer() { return *m_line_buffer; }
  /// Takes the timing and buffer of another hardware point (between runs only); the chip
  /// derives `timing` once for all its PEs.
  void configure(const mapping::timing::PeTimingParams& timing, const config::BufferConfig& buffer);
  const Timeline& array() const { return m_array; }
  void reset(const sc_core::sc_time& now);

 private:
  mapping::timing::PeTimingParams m_timing;  ///< owned: the caller's config may go away
  MvmShape m_last_shape;                     ///< the shape m_last_time was derived for
  mapping::timing::MvmTime m_last_time;
  sc_core::sc_time m_last_duration;
  std::unique_ptr<Buffer> m_line_buffer;
  Timeline m_array;  ///< the crossbar group and its converters work as one pipeline
  const TraceContext* m_trace;
  std::string m_track;
};

}  // namespace imc::sim
