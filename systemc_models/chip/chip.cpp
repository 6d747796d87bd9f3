// SPDX-License-Identifier: MIT
#include "systemc_models/chip/chip.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "mapping/pricing.h"
#include "mapping/timing.h"

namespace imc::sim {
namespace {

double to_ns(const sc_core::sc_time& t) { return t.to_seconds() * 1e9; }

TileBufferSizes buffer_sizes(const config::HwConfig& hw) {
  return {hw.buffer.pe_line_bytes, hw.buffer.tile_input_bytes, hw.buffer.tile_output_bytes};
}

}  // namespace

std::optional<std::string> structure_mismatch(const config::HwConfig& elaborated, const config::HwConfig& point) {
  if (point.chip.mesh_rows == elaborated.chip.mesh_rows && point.chip.mesh_cols == elaborated.chip.mesh_cols &&
      point.tile.pes_per_tile <= elaborated.tile.pes_per_tile)
    return std::nullopt;
  auto describe = [](const config::HwConfig& h) {
    return "'" + h.name + "' (" + h.source + ": " + std::to_string(h.chip.mesh_rows) + "x" +
           std::to_string(h.chip.mesh_cols) + " mesh, " + std::to_string(h.tile.pes_per_tile) + " PEs per tile)";
  };
  return "chip " + describe(point) + ", which the elaborated chip " + describe(elaborated) +
         " cannot hold: the mesh must be the same and the tiles at least as large";
}

std::vector<int> used_tiles(const mapping::Mapping& m) {
  std::vector<int> out;
  for (const mapping::LayerMapping& l : m.layers)
    for (const mapping::MeshPos& p : l.tile_pos) out.push_back(p.row * m.hw.chip.mesh_cols + p.col);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Chip::Chip(sc_core::sc_module_name name, const config::HwConfig& hw, const std::vector<int>& populated_tiles)
    : Chip(name, hw, ChipOptions{populated_tiles, {}, {}}) {}

Chip::~Chip() = default;

Chip::Chip(sc_core::sc_module_name name, const config::HwConfig& hw, const ChipOptions& options)
    : sc_module(name), m_hw(hw) {
  // ns() converts at 1 ps, the kernel's default resolution (this also fixes it for the process).
  if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS))
    throw SimulationError("the chip needs SystemC's time resolution at 1 ps, the default; it is " +
                          sc_core::sc_get_time_resolution().to_string());
  const std::vector<int>& populated_tiles = options.populated_tiles;
  if (!options.vcd_path_stem.empty()) {
    m_vcd = std::make_unique<VcdProbe>("vcd", options.vcd_path_stem, options.vcd_layers);
    m_trace.vcd = m_vcd.get();
  }
  const TileBufferSizes sizes = buffer_sizes(m_hw);
  const int tile_count = m_hw.chip.mesh_rows * m_hw.chip.mesh_cols;
  std::vector<bool> populate(static_cast<size_t>(tile_count), populated_tiles.empty());
  for (int t : populated_tiles) {
    if (t < 0 || t >= tile_count)
      throw SimulationError("tile index " + std::to_string(t) + " is outside the " +
                            std::to_string(m_hw.chip.mesh_rows) + "x" + std::to_string(m_hw.chip.mesh_cols) + " mesh");
    populate[static_cast<size_t>(t)] = true;
  }
  m_controller = std::make_unique<Controller>("controller", &m_trace);
  m_tiles.resize(static_cast<size_t>(tile_count));
  for (int t = 0; t < tile_count; ++t) {
    if (!populate[static_cast<size_t>(t)]) continue;
    const std::string tile_name =
        "tile_" + std::to_string(t / m_hw.chip.mesh_cols) + "_" + std::to_string(t % m_hw.chip.mesh_cols);
    m_tiles[static_cast<size_t>(t)] = std::make_unique<Tile>(tile_name.c_str(), m_hw, sizes, &m_trace);
  }
  // The controller's multiport holds the populated tiles in index order.
  std::vector<int> port_of_tile(static_cast<size_t>(tile_count), -1);
  int port = 0;
  for (int t = 0; t < tile_count; ++t) {
    if (!m_tiles[static_cast<size_t>(t)]) continue;
    m_controller->tiles.bind(*m_tiles[static_cast<size_t>(t)]);
    port_of_tile[static_cast<size_t>(t)] = port++;
  }
  m_controller->set_tile_ports(std::move(port_of_tile));
  m_noc = std::make_unique<Noc>("noc", m_hw, &m_trace);
  m_accumulator = std::make_unique<GlobalAccumulator>("accumulator", m_hw, m_hw.buffer.global_bytes, &m_trace);
  m_dram = std::make_unique<Dram>("dram");
  m_controller->noc.bind(*m_noc);
  m_controller->accumulator.bind(*m_accumulator);
  m_controller->dram.bind(*m_dram);
}

void Chip::check_mapping(const mapping::Mapping& m) const {
  // Timing, energy, capacities and the NoC mode come from the mapping's own hardware at run
  // time (configure); only the structure that was elaborated must hold it.
  if (auto problem = cannot_run(m.hw)) throw SimulationError("mapping of " + m.network + " was made for " + *problem);
  for (const mapping::LayerMapping& l : m.layers)
    for (const mapping::MeshPos& p : l.tile_pos)
      if (!m_tiles[static_cast<size_t>(p.row * m_hw.chip.mesh_cols + p.col)])
        throw SimulationError("layer " + l.layer.name() + " of " + m.network + " uses tile (" + std::to_string(p.row) +
                              ", " + std::to_string(p.col) + "), which this chip did not elaborate");
}

Tile& Chip::tile(int row, int col) {
  Tile* t = m_tiles[static_cast<size_t>(row * m_hw.chip.mesh_cols + col)].get();
  if (!t) throw SimulationError("tile (" + std::to_string(row) + ", " + std::to_string(col) + ") is not elaborated");
  return *t;
}

void Chip::prepare(const config::HwConfig& hw, const Program& program, bool count_links) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  const mapping::timing::TileTimingParams tile_timing = mapping::timing::tile_timing_params(hw);
  const mapping::timing::PeTimingParams pe = mapping::timing::pe_timing_params(hw);
  // Only the tiles this run uses: a tile no task touches is neither read nor reported.
  std::vector<bool> done(m_tiles.size(), false);
  for (const LayerTask& t : program.tasks)
    for (const TileSlot& s : t.tiles) {
      if (s.index < 0 || size_t(s.index) >= m_tiles.size() || done[static_cast<size_t>(s.index)]) continue;
      done[static_cast<size_t>(s.index)] = true;
      Tile& used = tile(s.pos.row, s.pos.col);  // throws for a tile this chip did not elaborate
      used.configure(tile_timing, pe, hw.buffer);
      used.reset(now);
    }
  m_noc->configure(hw, count_links);
  m_noc->reset(now);
  m_accumulator->configure(hw);
  m_accumulator->reset(now);
}

void Chip::check_clock_range(const mapping::Mapping& m, const Program& program, int batch) const {
  // Every pixel of every layer, one after another, each taking its slowest contention-free
  // time, bounds the run; twice that leaves room for the waits contention adds.
  constexpr double kClockEndNs = 18446744073709551615.0 * 1e-3;  // 2^64 - 1 ps
  const double now_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  double serial_ns = 0, slowest_ns = 0;
  const LayerTask* slowest = nullptr;
  for (const LayerTask& t : program.tasks) {
    double pixel_ns = 0;
    for (const auto& copy : t.ideal_pixel_ns)
      for (double v : copy) pixel_ns = std::max(pixel_ns, v);
    serial_ns += pixel_ns * double(t.grid.count()) * batch;
    if (pixel_ns > slowest_ns) {
      slowest_ns = pixel_ns;
      slowest = &t;
    }
  }
  if (now_ns + 2 * serial_ns < kClockEndNs) return;
  std::ostringstream msg;
  msg << "simulating " << m.network << " could take up to " << 2 * serial_ns << " ns, past the end of SystemC's "
      << "64-bit picosecond clock (" << kClockEndNs << " ns, " << now_ns << " ns of it used by earlier runs of this "
      << "process): the result would wrap around. Its slowest layer, " << (slowest ? slowest->name : "?") << ", takes "
      << slowest_ns
      << " ns per pixel: check the hardware's timing keys (crossbar.read_latency_ns = " << m.hw.crossbar.read_latency_ns
      << ", noc.hop_latency_ns = " << m.hw.noc.hop_latency_ns << ", the converters' sample_rate_gsps, the bandwidths)";
  throw SimulationError(msg.str());
}

SimResult Chip::run(const mapping::Mapping& m, const RunOptions& options) {
  return run(m, compile_program(m), options);
}

SimResult Chip::run(const mapping::Mapping& m, const Program& program, const RunOptions& options) {
  check_mapping(m);
  if (program.tasks.size() != m.layers.size())
    throw SimulationError("program has " + std::to_string(program.tasks.size()) + " layers, mapping has " +
                          std::to_string(m.layers.size()));
  if (options.batch < 1) throw SimulationError("batch must be at least 1, got " + std::to_string(options.batch));
  // Refused before the kernel starts: nothing has run, and a first run's error leaves no
  // SystemC process stack behind (ASan mistakes one for the thread's: docs/reliability.md).
  check_clock_range(m, program, options.batch);
  // Finish elaboration and initialization once, so the controller waits for its first program.
  if (sc_core::sc_get_status() == sc_core::SC_ELABORATION) sc_core::sc_start(sc_core::SC_ZERO_TIME);
  if (m_needs_abort) {  // processes of a deadlocked run are still suspended: end them first
    m_controller->abort_run();
    sc_core::sc_start();
    m_needs_abort = false;
  }
  prepare(m.hw, program, options.module_stats);
  m_trace.tracer = options.tracer;
  if (options.tracer) {
    std::vector<traces::LayerInfo> layers;
    for (const LayerTask& t : program.tasks) {
      traces::LayerInfo info{t.name, {}};
      for (const TaskInput& in : t.inputs) info.producers.push_back(program.tasks[static_cast<size_t>(in.task)].name);
      layers.push_back(std::move(info));
    }
    options.tracer->layers(layers);
    options.tracer->mesh(m.hw.chip.mesh_rows, m.hw.chip.mesh_cols);
  }
  m_trace.run_start = sc_core::sc_time_stamp();
  m_controller->load(program, options.batch);
  const sc_dt::uint64 deltas_before = sc_core::sc_delta_count();
  sc_core::sc_start();
  const sc_dt::uint64 deltas = sc_core::sc_delta_count() - deltas_before;
  m_trace.tracer = nullptr;

  if (!m_controller->finished()) {
    m_needs_abort = true;
    std::string message = "simulation of " + m.network + " deadlocked: no event pending while work remains";
    for (const std::string& s : m_controller->stuck_layers()) message += "\n  " + s;
    throw SimulationError(message);
  }
  SimResult r = collect(m, program, options.module_stats);
  r.delta_cycles = deltas;
  r.process_activations = m_controller->activations();
  return r;
}

namespace {

/// The busiest links and routers a result keeps.
constexpr size_t kReportedRouters = 16;

/// Peak power: sweep layer activity intervals, each layer drawing its average power while active.
double peak_power_mw(const std::vector<LayerResult>& layers) {
  std::map<double, double> steps;
  for (const LayerResult& l : layers) {
    const double span = l.finish_ns - l.start_ns;
    if (span <= 0) continue;
    const double mw = l.energy.total_pj() / span;
    steps[l.start_ns] += mw;
    steps[l.finish_ns] -= mw;
  }
  double level = 0, peak = 0;
  for (const auto& [t, delta] : steps) peak = std::max(peak, level += delta);
  return peak;
}

}  // namespace

SimResult Chip::collect(const mapping::Mapping& m, const Program& program, bool module_stats) {
  SimResult r;
  r.network = m.network;
  r.hw = m.hw.name;
  r.noc_mode = config::noc_mode_name(m.hw.noc.mode);
  r.batch = m_controller->batch();
  const sc_core::sc_time t0 = m_trace.run_start;

  std::vector<double> image_done_ns(static_cast<size_t>(r.batch), 0.0);
  for (size_t i = 0; i < program.tasks.size(); ++i) {
    const LayerTask& t = program.tasks[i];
    const LayerRun& run = *m_controller->layers()[i];
    const long per_image = t.grid.count();
    LayerResult l;
    l.name = t.name;
    l.engine = t.engine;
    l.pixels = per_image;
    l.start_ns = to_ns(run.start - t0);
    l.finish_ns = to_ns(run.finish[static_cast<size_t>(per_image - 1)] - t0);
    l.wait_input_ns = run.wait_input_ns;
    l.wait_resource_ns = run.wait_resource_ns;
    l.wait_buffer_ns = run.wait_buffer_ns;
    l.peak_input_buffer_bytes = run.peak_input_held_bytes;
    l.counters = run.counters;
    l.energy = mapping::price(m.hw, m.layers[i], run.counters);
    l.energy *= 1.0 / r.batch;  // per inference
    l.peak_power_mw = mapping::layer_peak_power_mw(m.hw, m.layers[i]);
    for (int b = 0; b < r.batch; ++b)
      image_done_ns[static_cast<size_t>(b)] = std::max(
          image_done_ns[static_cast<size_t>(b)], to_ns(run.finish[static_cast<size_t>((b + 1) * per_image - 1)] - t0));
    r.energy += l.energy;
    r.sum_of_layer_peak_power_mw += l.peak_power_mw;
    r.macs += t.macs;
    r.layers.push_back(std::move(l));
  }
  r.latency_ns = image_done_ns.front();
  r.makespan_ns = image_done_ns.back();
  r.throughput_inferences_per_s =
      r.batch > 1 ? (r.batch - 1) / ((image_done_ns.back() - image_done_ns.front()) * 1e-9) : 1e9 / r.latency_ns;
  r.mnsim_energy_pj = r.energy.mnsim_comparable_pj();
  r.average_power_mw = r.energy.total_pj() / r.latency_ns;
  r.area_mm2 = m.tiles * mapping::tile_area_mm2(m.hw);
  r.tops = 2.0 * r.macs * r.throughput_inferences_per_s / 1e12;
  r.tops_per_w = mapping::tops_per_w(double(r.macs), r.energy.total_pj());
  r.edp_mj_ms = mapping::edp_mj_ms(r.energy.total_pj(), r.latency_ns);

  r.peak_power_mw = peak_power_mw(r.layers);
  r.routers = m_noc->router_stats(std::max(r.makespan_ns, 1e-9));
  if (r.routers.size() > kReportedRouters) r.routers.resize(kReportedRouters);
  r.noc_cycles_stepped = m_noc->flit_cycles_stepped();
  r.noc_cycles_skipped = m_noc->flit_cycles_skipped();
  if (module_stats) collect_module_stats(program, r);
  return r;
}

void Chip::collect_module_stats(const Program& program, SimResult& r) const {
  // The tiles this mapping uses, the accumulator, the busiest links.
  const double run_ns = std::max(r.makespan_ns, 1e-9);
  auto stat = [&](const std::string& name, const Timeline& tl) {
    r.modules.push_back({name, to_ns(tl.busy()), tl.uses(), to_ns(tl.busy()) / run_ns});
  };
  for (const LayerTask& t : program.tasks) {
    for (const TileSlot& s : t.tiles) {
      Tile& tile = *m_tiles[static_cast<size_t>(s.index)];
      for (int p = 0; p < s.pes; ++p) {
        stat(tile.pe(p).name(), tile.pe(p).array());
        stat(tile.pe(p).line_buffer().name(), tile.pe(p).line_buffer().port());
      }
      stat(std::string(tile.name()) + ".adder_tree", tile.adder_tree());
      stat(tile.output_buffer().name(), tile.output_buffer().port());
      if (t.engine == mapping::Engine::Pooling) stat(std::string(tile.name()) + ".pooling", tile.pooling_unit());
    }
  }
  stat(m_accumulator->name(), m_accumulator->adder());
  stat(m_accumulator->global_buffer().name(), m_accumulator->global_buffer().port());
  const std::vector<LinkStat> links = m_noc->busy_links();
  for (size_t i = 0; i < links.size() && i < kReportedRouters; ++i) {
    const LinkStat& k = links[i];
    r.links.push_back({m_noc->link_name(k), k.busy_ns, k.packets, k.busy_ns / run_ns});
  }
  for (const ModuleStat& link : r.links) r.modules.push_back(link);
}

}  // namespace imc::sim
