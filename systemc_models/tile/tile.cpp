// SPDX-License-Identifier: MIT
#include "systemc_models/tile/tile.h"

#include <algorithm>
#include <string>

#include "mapping/timing.h"

namespace imc::sim {

Tile::Tile(sc_core::sc_module_name name, const config::HwConfig& hw, const TileBufferSizes& sizes,
           const TraceContext* trace)
    : sc_module(name), m_timing(mapping::timing::tile_timing_params(hw)), m_trace(trace), m_track(this->name()) {
  for (int i = 0; i < hw.tile.pes_per_tile; ++i)
    m_pes.push_back(std::make_unique<Pe>(("pe_" + std::to_string(i)).c_str(), hw, sizes.pe_input_bytes, trace));
  m_input_buffer = std::make_unique<Buffer>("input_buffer", hw.buffer, sizes.tile_input_bytes, trace);
  m_output_buffer = std::make_unique<Buffer>("output_buffer", hw.buffer, sizes.tile_output_bytes, trace);
}

void Tile::configure(const mapping::timing::TileTimingParams& tile, const mapping::timing::PeTimingParams& pe,
                     const config::BufferConfig& buffer) {
  if (tile.adc_bits != m_timing.adc_bits || tile.intra_tile_bandwidth_gbps != m_timing.intra_tile_bandwidth_gbps)
    m_joint_col = -1;  // the adder tree's time depends on these two
  m_timing = tile;
  for (auto& p : m_pes) p->configure(pe, buffer);
  m_input_buffer->configure(mapping::timing::buffer_timing_params(buffer), buffer.tile_input_bytes);
  m_output_buffer->configure(mapping::timing::buffer_timing_params(buffer), buffer.tile_output_bytes);
}

void Tile::fail_pes(int pes) const {
  SC_REPORT_ERROR(
      name(),
      ("a layer uses " + std::to_string(pes) + " PEs of a tile that has " + std::to_string(pe_count())).c_str());
}

sc_core::sc_time Tile::load_window(const sc_core::sc_time& earliest, int pes, const mapping::PixelWork& w,
                                   const Activity& a) {
  check_pes(pes);
  const sc_core::sc_time now = earliest;
  sc_core::sc_time end = now;
  for (int i = 0; i < pes; ++i) {
    Buffer& b = m_pes[static_cast<size_t>(i)]->line_buffer();
    const sc_core::sc_time written = b.write(now, w.input_write_bytes, a, Component::InputBuffer);
    end = std::max(end, b.read(written, w.input_read_bytes, a, Component::InputBuffer));
    // A line buffer keeps one window; older input is overwritten.
    b.release(std::max(0.0, b.occupancy_bytes() - w.window_bytes), now);
  }
  return end;
}

sc_core::sc_time Tile::compute(const sc_core::sc_time& earliest, int pes, const MvmShape& shape, double output_bytes,
                               const Activity& a) {
  check_pes(pes);
  const sc_core::sc_time now = earliest;
  sc_core::sc_time end = now;
  for (int i = 0; i < pes; ++i) end = std::max(end, m_pes[static_cast<size_t>(i)]->mvm(now, shape, a));

  if (shape.max_col != m_joint_col || shape.max_pe != m_joint_pe) {  // one shape per layer: derive it once
    m_joint_col = shape.max_col;
    m_joint_pe = shape.max_pe;
    m_joint_ns = mapping::timing::intra_tile_ns(m_timing, shape.max_col, shape.max_pe);
    m_joint = ns(m_joint_ns);
  }
  const sc_core::sc_time joined = m_adder_tree.reserve(end, m_joint);
  a.count(Component::IntraTile, static_cast<uint64_t>(pes), m_joint_ns);
  if (m_trace->tracer) m_trace->busy(m_track + ".adder_tree", "join", a, joined, m_joint);

  // Every PE's results land in the output buffer: MNSIM charges the write to each PE.
  const sc_core::sc_time written =
      m_output_buffer->write(joined + m_joint, output_bytes, a, Component::OutputBuffer, pes);
  return written;
}

sc_core::sc_time Tile::read_partial_sums(const sc_core::sc_time& earliest, double bytes, const Activity& a) {
  const sc_core::sc_time end = m_output_buffer->read(earliest, bytes, a, Component::MergeRead);
  m_output_buffer->release(bytes, earliest);
  return end;
}

sc_core::sc_time Tile::pool(int channels, int kernel, const mapping::PixelWork& w, const Activity& a) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  // The input is held since it arrived (the controller counts it per layer); these are the
  // port accesses of the window.
  sc_core::sc_time t = m_input_buffer->write_port(now, w.input_write_bytes, a, Component::InputBuffer);
  t = m_input_buffer->read(t, w.input_read_bytes, a, Component::InputBuffer);

  const double pool_ns = mapping::timing::pooling_ns(m_timing.pooling, channels, kernel);
  const sc_core::sc_time start = m_pooling_unit.reserve(t, ns(pool_ns));
  a.count(Component::Pooling, 1, pool_ns);
  if (m_trace->tracer) m_trace->busy(m_track + ".pooling", "pool", a, start, ns(pool_ns));

  t = m_output_buffer->write(start + ns(pool_ns), w.output_write_bytes, a, Component::OutputBuffer);
  t = m_output_buffer->read(t, w.output_read_bytes, a, Component::OutputBuffer);
  m_output_buffer->release(w.output_read_bytes, now);
  return t;
}

void Tile::reset(const sc_core::sc_time& now) {
  for (auto& p : m_pes) p->reset(now);
  m_input_buffer->reset(now);
  m_output_buffer->reset(now);
  m_adder_tree.reset(now);
  m_pooling_unit.reset(now);
}

}  // namespace imc::sim
