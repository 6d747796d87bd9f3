// SPDX-License-Identifier: MIT
// A tile: its PEs, an adder/joint tree that merges the PEs' partial sums, an
// output buffer, an input buffer and a pooling unit.
#pragma once

#include <memory>
#include <systemc>
#include <vector>

#include "configs/hw_config.h"
#include "mapping/timing.h"
#include "systemc_models/buffer/buffer.h"
#include "systemc_models/common/interfaces.h"
#include "systemc_models/pe/pe.h"

namespace imc::sim {

/// Buffer capacities the chip is built with (MNSIM sizes them from the network; the
/// chip takes the largest a run may need).
struct TileBufferSizes {
  double pe_input_bytes = 4096;
  double tile_input_bytes = 16384;
  double tile_output_bytes = 16384;
};

class Tile : public sc_core::sc_module, public tile_if {
 public:
  Tile(sc_core::sc_module_name name, const config::HwConfig& hw, const TileBufferSizes& sizes,
       const TraceContext* trace);

  sc_core::sc_time load_window(const sc_core::sc_time& earliest, int pes, const mapping::PixelWork& work,
                               const Activity& a) override;
  sc_core::sc_time compute(const sc_core::sc_time& earliest, int pes, const MvmShape& shape, double output_bytes,
                           const Activity& a) override;
  sc_core::sc_time read_partial_sums(const sc_core::sc_time& earliest, double bytes, const Activity& a) override;
  sc_core::sc_time pool(int channels, int kernel, const mapping::PixelWork& work, const Activity& a) override;

  Pe& pe(int i) { return *m_pes[static_cast<size_t>(i)]; }
  int pe_count() const { return static_cast<int>(m_pes.size()); }
  Buffer& output_buffer() { return *m_output_buffer; }
  const Timeline& adder_tree() const { return m_adder_tree; }
  const Timeline& pooling_unit() const { return m_pooling_unit; }
  void reset(const sc_core::sc_time& now);
  /// Takes the timing and buffers of another hardware point (between runs only); the chip
  /// derives the timing parameters once for all its tiles.
  void configure(const mapping::timing::TileTimingParams& tile, const mapping::timing::PeTimingParams& pe,
                 const config::BufferConfig& buffer);

 private:
  void check_pes(int pes) const {
    if (pes < 1 || pes > pe_count()) fail_pes(pes);
  }
  void fail_pes(int pes) const;  // an error report (SystemC throws it)

  mapping::timing::TileTimingParams m_timing;  ///< owned: the caller's config may go away
  int m_joint_col = -1, m_joint_pe = -1;       ///< the shape m_joint was derived for
  double m_joint_ns = 0;
  sc_core::sc_time m_joint;  ///< the adder tree's time for that shape
  std::vector<std::unique_ptr<Pe>> m_pes;
  std::unique_ptr<Buffer> m_input_buffer;
  std::unique_ptr<Buffer> m_output_buffer;
  Timeline m_adder_tree;
  Timeline m_pooling_unit;
  const TraceContext* m_trace;
  std::string m_track;
};

}  // namespace imc::sim
