// SPDX-License-Identifier: MIT
#include "systemc_models/accumulator/accumulator.h"

#include <algorithm>

#include "systemc_models/common/vcd_probe.h"

namespace imc::sim {

GlobalAccumulator::GlobalAccumulator(sc_core::sc_module_name name, const config::HwConfig& hw, double buffer_bytes,
                                     const TraceContext* trace)
    : sc_module(name), m_config(hw.accumulator), m_trace(trace), m_track(this->name()) {
  m_buffer = std::make_unique<Buffer>("global_buffer", hw.buffer, buffer_bytes, trace);
}

void GlobalAccumulator::combine(config::AccumulatorOp op, int channels, double buffer_bytes, const Activity& a) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  ++m_queue_depth;
  m_peak_queue_depth = std::max(m_peak_queue_depth, m_queue_depth);
  m_trace->counter(m_track, "queue_depth", now, m_queue_depth);
  if (m_trace->vcd) m_trace->vcd->queue_depth(m_queue_depth);

  // Read the operands, combine, write the result back: the port and the adder are shared by every op.
  const sc_core::sc_time operands = m_buffer->read(now, buffer_bytes, a, Component::GlobalBuffer);
  const double op_ns = m_config.latency_ns(op);
  const sc_core::sc_time add_time = ns(op_ns);
  const sc_core::sc_time start = m_adder.reserve(operands, add_time);
  a.count(Component::Accumulator, static_cast<uint64_t>(channels), op_ns);
  if (m_trace && m_trace->tracer) m_trace->busy(m_track, config::accumulator_op_name(op), a, start, add_time);
  const sc_core::sc_time done = m_buffer->write(start + add_time, buffer_bytes, a, Component::GlobalBuffer);
  m_buffer->release(buffer_bytes, sc_core::sc_time_stamp());

  sc_core::wait(done - now);
  --m_queue_depth;
  m_trace->counter(m_track, "queue_depth", sc_core::sc_time_stamp(), m_queue_depth);
  if (m_trace->vcd) m_trace->vcd->queue_depth(m_queue_depth);
}

void GlobalAccumulator::reset(const sc_core::sc_time& now) {
  m_buffer->reset(now);
  m_adder.reset(now);
  m_queue_depth = 0;
  m_peak_queue_depth = 0;
}

}  // namespace imc::sim
