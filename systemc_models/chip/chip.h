// SPDX-License-Identifier: MIT
// The chip top: a mesh of tiles, the NoC, the global accumulator, the DRAM
// interface and the controller, elaborated once from a hardware config. Runs
// one Mapping after another on the same elaborated chip.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <systemc>
#include <vector>

#include "configs/hw_config.h"
#include "mapping/mapping.h"
#include "systemc_models/accumulator/accumulator.h"
#include "systemc_models/chip/sim_result.h"
#include "systemc_models/common/vcd_probe.h"
#include "systemc_models/controller/controller.h"
#include "systemc_models/dram/dram.h"
#include "systemc_models/noc/noc.h"
#include "systemc_models/tile/tile.h"

namespace imc::sim {

/// Tile indices a mapping uses, for a chip elaborated for that mapping alone.
std::vector<int> used_tiles(const mapping::Mapping& m);

/// A run that cannot finish (deadlock) or a chip used wrongly.
class SimulationError : public std::runtime_error {
 public:
  explicit SimulationError(const std::string& message) : std::runtime_error(message) {}
};

/// Why a chip elaborated for `elaborated` cannot run a mapping made for `point` (another mesh, or
/// more PEs per tile), naming both configs; nothing when it can (every other parameter is taken
/// from the point at run time).
std::optional<std::string> structure_mismatch(const config::HwConfig& elaborated, const config::HwConfig& point);

/// How to build the chip.
struct ChipOptions {
  std::vector<int> populated_tiles;  ///< tile indices (row * mesh_cols + col); empty: every tile
  std::string vcd_path_stem;         ///< non-empty: write STEM.vcd for these layers
  std::vector<std::string> vcd_layers;
};

struct RunOptions {
  int batch = 1;                     ///< images streamed through the pipeline
  traces::Tracer* tracer = nullptr;  ///< null: no tracing
  /// Per-module statistics (SimResult::modules): a string per PE and buffer the run used, and
  /// the busy time of every NoC link (counted along each packet's route). A sweep or a search
  /// that reads only the totals turns them off.
  bool module_stats = true;
};

class Chip : public sc_core::sc_module {
 public:
  /// Elaborates the chip. Only one chip per process: SystemC elaborates once, so callers get
  /// theirs from process_chip() (process_chip.h).
  /// `populated_tiles` (tile indices, row * mesh_cols + col) elaborates only those
  /// tiles, e.g. the ones a single mapping uses; empty means every tile. The NoC
  /// always spans the whole mesh.
  Chip(sc_core::sc_module_name name, const config::HwConfig& hw, const std::vector<int>& populated_tiles = {});
  Chip(sc_core::sc_module_name name, const config::HwConfig& hw, const ChipOptions& options);
  ~Chip() override;

  /// Runs one mapping to completion on the hardware it was made for: every timing, energy and
  /// capacity parameter comes from m.hw, so one elaborated chip serves many hardware points
  /// with the same mesh and at most its PEs per tile (docs/simulator.md). Throws
  /// SimulationError naming both configs for any other structure, and naming the stuck
  /// layers if the run deadlocks.
  SimResult run(const mapping::Mapping& m, const RunOptions& options = {});
  /// Same, with a program compiled from m and then edited (what-if studies, tests).
  SimResult run(const mapping::Mapping& m, const Program& program, const RunOptions& options = {});

  /// Closes the VCD file, if the chip writes one.
  void close_vcd() {
    if (m_vcd) m_vcd->close();
  }
  const config::HwConfig& hw() const { return m_hw; }  ///< the elaborated structure
  /// Why this chip cannot run mappings made for `point` (structure_mismatch), or nothing.
  std::optional<std::string> cannot_run(const config::HwConfig& point) const { return structure_mismatch(m_hw, point); }
  Noc& noc() { return *m_noc; }
  Tile& tile(int row, int col);
  GlobalAccumulator& accumulator() { return *m_accumulator; }

 private:
  void check_mapping(const mapping::Mapping& m) const;
  /// The modules the program uses take the timing, energy and capacities of `hw` (the run's
  /// hardware point) and start empty; tiles it does not use are left as they are.
  void prepare(const config::HwConfig& hw, const Program& program, bool count_links);
  /// Throws SimulationError when the run could pass the end of SystemC's clock (2^64 ps) from
  /// now: it would wrap around and report a time that is wrong (and can even fall as work grows).
  void check_clock_range(const mapping::Mapping& m, const Program& program, int batch) const;
  SimResult collect(const mapping::Mapping& m, const Program& program, bool module_stats);
  /// Busy time and uses of the modules the program ran on, and of the 16 busiest links.
  void collect_module_stats(const Program& program, SimResult& r) const;

  config::HwConfig m_hw;
  TraceContext m_trace;
  std::vector<std::unique_ptr<Tile>> m_tiles;  ///< by tile index; null where not populated
  std::unique_ptr<Noc> m_noc;
  std::unique_ptr<GlobalAccumulator> m_accumulator;
  std::unique_ptr<Dram> m_dram;
  std::unique_ptr<Controller> m_controller;
  std::unique_ptr<VcdProbe> m_vcd;
  bool m_needs_abort = false;
};

}  // namespace imc::sim
