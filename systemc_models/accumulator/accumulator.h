// SPDX-License-Identifier: MIT
// The global accumulator and its global buffer: element-wise (residual) adds, and products
// (squeeze-and-excitation's channel scales).
// Adds that arrive together queue: the buffer port and the adder serialize.
#pragma once

#include <memory>
#include <systemc>

#include "configs/hw_config.h"
#include "systemc_models/buffer/buffer.h"
#include "systemc_models/common/interfaces.h"

namespace imc::sim {

class GlobalAccumulator : public sc_core::sc_module, public accumulator_if {
 public:
  GlobalAccumulator(sc_core::sc_module_name name, const config::HwConfig& hw, double buffer_bytes,
                    const TraceContext* trace);

  void combine(config::AccumulatorOp op, int channels, double buffer_bytes, const Activity& a) override;

  int queue_depth() const { return m_queue_depth; }
  int peak_queue_depth() const { return m_peak_queue_depth; }
  const Timeline& adder() const { return m_adder; }
  Buffer& global_buffer() { return *m_buffer; }
  /// Takes the adder and buffer of another hardware point (between runs only).
  void configure(const config::HwConfig& hw) {
    m_config = hw.accumulator;
    m_buffer->configure(mapping::timing::buffer_timing_params(hw.buffer), hw.buffer.global_bytes);
  }
  void reset(const sc_core::sc_time& now);

 private:
  config::AccumulatorConfig m_config;  ///< owned: the caller's config may go away
  std::unique_ptr<Buffer> m_buffer;
  Timeline m_adder;
  int m_queue_depth = 0;
  int m_peak_queue_depth = 0;
  const TraceContext* m_trace;
  std::string m_track;
};

}  // namespace imc::sim
