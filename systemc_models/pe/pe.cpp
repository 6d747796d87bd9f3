// SPDX-License-Identifier: MIT
#include "systemc_models/pe/pe.h"

#include <algorithm>

#include "mapping/timing.h"

namespace imc::sim {

Pe::Pe(sc_core::sc_module_name name, const config::HwConfig& hw, double line_buffer_bytes, const TraceContext* trace)
    : sc_module(name), m_timing(mapping::timing::pe_timing_params(hw)), m_trace(trace), m_track(this->name()) {
  m_line_buffer = std::make_unique<Buffer>("line_buffer", hw.buffer, line_buffer_bytes, trace);
}

sc_core::sc_time Pe::mvm(const sc_core::sc_time& earliest, const MvmShape& shape, const Activity& a) {
  const bool same = shape.max_row == m_last_shape.max_row && shape.max_col == m_last_shape.max_col &&
                    shape.max_pe == m_last_shape.max_pe && shape.input_bits == m_last_shape.input_bits;
  if (!same) {  // a layer's pixels all have one shape: derive its timing once
    m_last_shape = shape;
    m_last_time = mapping::timing::mvm_time(m_timing, shape.max_row, shape.max_col, shape.max_pe, shape.input_bits);
    m_last_duration = ns(m_last_time.total_ns());
  }
  const mapping::timing::MvmTime& t = m_last_time;
  const sc_core::sc_time duration = m_last_duration;
  const sc_core::sc_time start = m_array.reserve(earliest, duration);
  const uint64_t cycles = static_cast<uint64_t>(t.cycles);
  // Per read cycle: both crossbars read; the active DACs and ADCs convert once each.
  a.count(Component::Xbar, 2 * cycles, t.xbar_ns);
  a.count(Component::Dac, cycles * static_cast<uint64_t>(std::min(shape.max_row, m_timing.dac_count)), t.dac_ns);
  a.count(Component::Adc, cycles * static_cast<uint64_t>(std::min(shape.max_col, m_timing.adc_count)), t.adc_ns);
  a.count(Component::Digital, cycles, t.digital_ns);
  if (m_trace && m_trace->tracer) m_trace->busy(m_track, "mvm", a, start, duration);
  return start + duration;
}

void Pe::configure(const mapping::timing::PeTimingParams& timing, const config::BufferConfig& buffer) {
  if (!(timing == m_timing)) m_last_shape = MvmShape{};  // the same timing keeps its derived MVM time
  m_timing = timing;
  m_line_buffer->configure(mapping::timing::buffer_timing_params(buffer), buffer.pe_line_bytes);
}

void Pe::reset(const sc_core::sc_time& now) {
  m_array.reset(now);
  m_line_buffer->reset(now);
}

}  // namespace imc::sim
