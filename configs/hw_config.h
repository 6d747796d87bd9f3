// SPDX-License-Identifier: MIT
// Plain hardware configuration structs. Units are in the field names.
// Parsed and validated once by load_hw_config(); no toml++ types here.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "configs/activation.h"
#include "configs/overrides.h"

namespace imc::config {

/// The mesh of tiles and chip-level parts.
struct ChipConfig {
  int mesh_rows = 0;
  int mesh_cols = 0;
  double digital_clock_mhz = 0;  ///< clock of adders, registers and control
  int accumulator_row = 0;       ///< mesh position of the global accumulator
  int accumulator_col = 0;
  std::string placement;             ///< spiral, snake, row_major, zigzag, traffic, compact, optimized
  int placement_evaluations = 3000;  ///< optimized: cost-model runs of the local search
};

struct PoolingConfig {
  int lanes = 0;          ///< channels processed in parallel
  int window = 0;         ///< window elements handled per step (3x3 = 9)
  double latency_ns = 0;  ///< per step
  double power_mw = 0;
  double area_um2 = 0;
};

struct TileConfig {
  int pes_per_tile = 0;
  double buffer_area_um2 = 0;   ///< all buffers of one tile (PE input buffers, output buffer)
  double digital_area_um2 = 0;  ///< adders, shift-adders and registers of one tile
  PoolingConfig pooling;
};

/// One processing element: a crossbar group with its converters.
struct PeConfig {
  std::string polarity;  ///< "differential": configs/crossbar_geometry.h says what it means
  int dac_count = 0;
  int adc_count = 0;
  double demux_stage_latency_ns = 0;  ///< one 1:8 stage of the row decoder before the crossbar
  double mux_stage_latency_ns = 0;    ///< one 8:1 stage of the column mux before the ADCs
};

struct CrossbarConfig {
  int rows = 0;
  int cols = 0;
  int bits_per_cell = 0;
  double read_latency_ns = 0;
  double cell_area_um2 = 0;
  double periphery_area_um2_per_col = 0;  ///< drivers and sensing per column
  /// Wire resistance between two neighbouring cells of a row or a column (accuracy_hw: IR drop,
  /// docs/accuracy.md); 0: ideal wires.
  double wire_resistance_ohm = 0;
};

struct DeviceConfig {
  int levels = 0;  ///< distinct conductance levels of one cell
  double hrs_ohm = 0;
  double lrs_ohm = 0;
  double read_voltage_v = 0;
  double read_activity = 0;  ///< fraction of a read cycle the cells conduct (scales V^2)
  double lrs_fraction = 0;   ///< share of cells in the low-resistance state, for average power
  /// Gaussian conductance variation of one cell, as a fraction of one conductance level
  /// (from variation_sigma_levels, or variation_sigma_na / (on_current_ua / (levels - 1))).
  double variation_sigma_levels = 0;
  double saf_0_rate = 0;  ///< share of cells stuck at the lowest conductance (accuracy_hw)
  double saf_1_rate = 0;  ///< share of cells stuck at the highest conductance
  /// The cell model of accuracy_hw (nas/train/device/, docs/accuracy.md): "gaussian" (variation
  /// in levels, no drift) or "pcm" (AIHWKit's PCM statistics: programming noise, drift, read noise).
  std::string model = "gaussian";
  double time_s = 0;         ///< inference this long after programming (pcm: drift and read noise)
  double pcm_g_max_us = 25;  ///< pcm: the conductance of a cell's top level
  double prog_noise_scale = 1, read_noise_scale = 1, drift_scale = 1;  ///< pcm: scale the model's spreads
  std::string drift_compensation = "none";  ///< none | global | per_column (nas/train/device/)
};

/// A DAC or an ADC.
/// One published converter: what a `table` model picks from by bits.
struct ConverterChoice {
  int bits = 0;
  double power_mw = 0;
  double area_um2 = 0;
  double sample_rate_gsps = 0;
};

/// A DAC or an ADC. `power_mw`, `area_um2` and `sample_rate_gsps` are always resolved by the
/// config layer from the model (docs/config.md, "Converter models"); everything downstream
/// reads only them. A conversion takes (bits + 2) / sample_rate_gsps ns at power_mw.
struct ConverterConfig {
  int bits = 0;
  double power_mw = 0;
  double area_um2 = 0;
  double sample_rate_gsps = 0;
  std::string model = "fixed";  ///< fixed | survey | table
  std::vector<ConverterChoice> table;
  /// ADC only, for accuracy_hw: the column current at the top code is the full scale of the
  /// row group ("full_scale") or a percentile of the currents on calibration data ("calibrated").
  std::string range = "full_scale";
  double range_percentile = 99.99;
  /// ADC only, for accuracy_hw: per column, a static offset and gain error drawn once per chip
  /// (std of the offset in LSB, of the gain as a fraction), and thermal noise on every conversion
  /// (std in LSB). 0: an ideal converter.
  double offset_sigma_lsb = 0, gain_sigma = 0, thermal_noise_lsb = 0;
  bool has_errors() const { return offset_sigma_lsb > 0 || gain_sigma > 0 || thermal_noise_lsb > 0; }
  /// The ADC's top code is a percentile of calibration currents (range "calibrated").
  bool calibrated_range() const { return range == "calibrated"; }
  double energy_per_conversion_pj() const { return power_mw * (bits + 2) / sample_rate_gsps; }
};

/// Energy of one conversion by the survey model: the ADC envelope of Murmann's survey, the larger
/// of the Walden bound (fom_walden_fj per conversion step, 2^bits steps) and the Schreier
/// (thermal) bound, 10^((6.02 bits + 1.76 - fom_schreier_db) / 10) / 2 J.
double adc_survey_energy_pj(int bits, double fom_walden_fj, double fom_schreier_db);

/// One SRAM macro of a buffer table: its size, word width, energy per word access and area.
struct SramChoice {
  double bytes = 0;
  int bus_width_bits = 0;
  double energy_pj = 0;  ///< per access of one bus word
  double area_um2 = 0;
};

/// A buffer of `bytes` on a `bus_width_bits` bus, from a table of SRAM macros: the entries of
/// that bus width, interpolated log-log in size (energy and area follow a power law between two
/// sizes). Nullopt when the table has no entry of that width or the size is outside its sizes.
std::optional<SramChoice> sram_from_table(const std::vector<SramChoice>& table, double bytes, int bus_width_bits);

/// The SRAM buffers. With `model = "table"`, input_power_mw, output_power_mw and
/// tile.buffer_area_um2 are derived by the config layer from the table at the configured sizes
/// (docs/config.md, "Buffer models"); everything downstream reads only them.
struct BufferConfig {
  std::string model = "fixed";  ///< fixed | table
  std::vector<SramChoice> table;
  int bus_width_bits = 0;
  double access_time_ns = 0;    ///< per bus-width word
  double input_power_mw = 0;    ///< one PE line buffer (or tile input buffer) while accessed
  double output_power_mw = 0;   ///< the tile output buffer (or global buffer) while accessed
  double leakage_power_mw = 0;  ///< static power of one buffer
  // Capacities. The tile input buffer holds the producers' pixels a layer still needs and
  // back-pressures them; the others must hold one pixel's working set (checked when mapping).
  double pe_line_bytes = 0;      ///< one PE's line buffer
  double tile_input_bytes = 0;   ///< one tile's input buffer
  double tile_output_bytes = 0;  ///< one tile's output buffer
  double global_bytes = 0;       ///< the accumulator's global buffer
};

/// Power of the digital periphery of one PE while it works.
struct DigitalConfig {
  double adder_power_mw = 0;  ///< one adder of a tile's adder (joint) tree while it works; not in MNSIM's total
  double shift_reg_power_mw = 0;
  double reg_power_mw = 0;
};

/// An 8-bit integer multiply costs 0.2 pJ and an add 0.03 pJ (Horowitz, "Computing's energy
/// problem", ISSCC 2014, 45 nm): the default multiplier power is the adder's times this.
inline constexpr double kMultiplyToAddEnergy = 0.2 / 0.03;

/// What the global accumulator does to one output pixel: add its inputs (a residual), multiply
/// them (squeeze-and-excitation), or only move them through its buffer in a new channel order
/// (a channel shuffle: the buffer's read and write are its whole cost).
enum class AccumulatorOp { Add, Multiply, Move };
const char* accumulator_op_name(AccumulatorOp op);

/// The global accumulator that performs element-wise (residual) adds and multiplies.
struct AccumulatorConfig {
  double add_latency_ns = 0;  ///< per output pixel
  double add_power_mw = 0;
  double mul_latency_ns = 0;  ///< per output pixel (default: add_latency_ns, one pipelined multiplier per adder)
  double mul_power_mw = 0;    ///< default: add_power_mw x kMultiplyToAddEnergy
  double latency_ns(AccumulatorOp op) const {
    return op == AccumulatorOp::Add ? add_latency_ns : op == AccumulatorOp::Multiply ? mul_latency_ns : 0.0;
  }
  double power_mw(AccumulatorOp op) const {
    return op == AccumulatorOp::Add ? add_power_mw : op == AccumulatorOp::Multiply ? mul_power_mw : 0.0;
  }
};

/// The digital units that apply a layer's activations other than ReLU (sigmoid, hard_sigmoid,
/// hard_swish, silu) on its results' way out of the tile. ReLU and ReLU6 stay free, as in MNSIM.
struct ActivationUnitConfig {
  int lanes = 64;           ///< elements per cycle
  double cycle_ns = 0.833;  ///< ISAAC's digital units run at 1.2 GHz (Shafiee et al., ISCA 2016)
  /// Energy per element, by configs/activations.def order.
  std::array<double, kActivationCount> energy_pj = kDefaultActivationEnergyPj;
};

/// The energy of each router action, per bit of a flit (allocations per grant). Defaults from
/// BookSim 2's ORION-style power model (src/power/, its 32 nm techfile, 128-bit flits, 4 VCs of
/// 4 flits): measured per action in docs/config.md. It prices no allocator; its crossbar-control
/// power is part of crossbar_pj_per_bit.
struct FlitEnergyConfig {
  double buffer_write_pj_per_bit = 0.023;
  double buffer_read_pj_per_bit = 0.023;
  double crossbar_pj_per_bit = 0.157;  ///< switch datapath 0.108, its control 0.041, output stage 0.008
  double link_pj_per_bit = 0.873;      ///< one mesh link: 2 mm of repeated wire and its retiming
  double vc_allocation_pj = 0;
  double sw_allocation_pj = 0;
};

/// The flit-level routers (noc.mode = "flit" and noc bench): BookSim 2's input-queued
/// virtual-channel router, its parameter names in docs/noc.md. Defaults are the reference runs'
/// (tests/data/booksim): one cycle per pipeline stage.
struct FlitRouterConfig {
  static constexpr int kMaxVcs = 64;  ///< noc.vcs' upper bound (a router keeps its busy VCs in fixed words)
  int flit_bits = 128;                ///< BookSim's channel_width
  double clock_ghz = 1.0;
  int vcs = 4;
  int vc_buffer_flits = 4;
  int routing_delay_cycles = 1;
  int vc_alloc_delay_cycles = 1;
  int sw_alloc_delay_cycles = 1;
  int st_delay_cycles = 1;  ///< switch traversal (BookSim's st_final_delay)
  int link_latency_cycles = 1;
  int credit_delay_cycles = 1;
  std::string vc_allocator = "separable_input_first";
  std::string sw_allocator = "separable_input_first";
  FlitEnergyConfig energy;
  /// A head flit's zero-load time through one router and its output link: every pipeline stage
  /// and the link. In flit mode this is noc.hop_latency_ns.
  int hop_cycles() const {
    return routing_delay_cycles + vc_alloc_delay_cycles + sw_alloc_delay_cycles + st_delay_cycles + link_latency_cycles;
  }
  double hop_latency_ns() const { return hop_cycles() / clock_ghz; }
  /// One flit per cycle per link. In flit mode this is noc.inter_tile_bandwidth_gbps.
  double link_bandwidth_gbps() const { return flit_bits * clock_ghz; }
  /// Flits of a packet of `bits` (the last one may be partly filled).
  int flits_of(double bits) const { return std::max(1, static_cast<int>(std::ceil(bits / flit_bits - 1e-9))); }
};

/// How packets cross the mesh (noc.mode), in noc_mode_names() order.
enum class NocMode {
  Hops,        ///< MNSIM's closed form, no contention
  Contention,  ///< store-and-forward packets reserve each link
  Flit,        ///< flit-level virtual-channel routers (systemc_models/noc/flit/)
};
const char* noc_mode_name(NocMode m);
NocMode noc_mode_from_name(const std::string& name);  ///< one of noc_mode_names()

struct NocConfig {
  NocMode mode = NocMode::Hops;
  std::string routing = "xy";            ///< the routing function (systemc_models/noc/routing/)
  double hop_latency_ns = 0;             ///< router traversal per hop (MNSIM: one digital clock)
  double inter_tile_bandwidth_gbps = 0;  ///< per link
  double intra_tile_bandwidth_gbps = 0;
  double energy_pj_per_bit_hop = 0;  ///< packet modes: one link and one router; not in MNSIM's total
  FlitRouterConfig flit;
  /// Whether packets share links, so the order of requests at one instant matters.
  bool contention() const { return mode != NocMode::Hops; }
};

/// How the mapper lays weights onto crossbars.
struct MappingConfig {
  std::string row_split;             ///< "channel_aligned" (MNSIM) or "dense"
  std::string replication = "none";  ///< "none" (MNSIM) or "balance": copy the slowest layers' weights
  /// How a grouped conv's channel groups share crossbars (group_packing_names())
  std::string group_packing = "block_diagonal";
  bool channel_aligned() const { return row_split == "channel_aligned"; }
  bool balanced_replication() const { return replication == "balance"; }
  int max_replicas = 8;  ///< balance: copies of one layer at most
};

struct QuantizationConfig {
  int weight_bits = 0;  ///< including the sign bit
  int activation_bits = 0;
  /// Activation ranges are fixed at this percentile of |x| on calibration images (accuracy only).
  double activation_percentile = 99.99;
};

struct HwConfig {
  std::string name;
  std::string source;  ///< file it came from
  ChipConfig chip;
  TileConfig tile;
  PeConfig pe;
  CrossbarConfig crossbar;
  DeviceConfig device;
  ConverterConfig dac;
  ConverterConfig adc;
  BufferConfig buffer;
  DigitalConfig digital;
  AccumulatorConfig accumulator;
  ActivationUnitConfig activation;
  NocConfig noc;
  QuantizationConfig quantization;
  MappingConfig mapping;
};

/// The routing function and flit-router keys of `noc bench`, from `--set noc.KEY=VALUE` alone
/// (unset keys keep FlitRouterConfig's defaults). Throws ConfigError naming the key.
NocConfig parse_noc_bench_overrides(const std::vector<Override>& overrides);

/// Loads, overrides and validates a hardware TOML, or a preset by name (hw_presets.h).
/// Throws ConfigError.
HwConfig load_hw_config(const std::string& path, const std::vector<Override>& overrides = {});
/// Same, from text; `source` names the text in error messages.
/// A hardware config file's text, read once so that many hardware points parse from it
/// (parse_hw_config). Throws ConfigError if it cannot be read.
std::string read_hw_config_text(const std::string& path);
HwConfig parse_hw_config(const std::string& text, const std::string& source,
                         const std::vector<Override>& overrides = {});

/// A base hardware config (its text and base overrides) parsed once, for the many points of a
/// sweep or a co-search: each point applies its overrides to a copy of the parsed document, a
/// fraction of the cost of parsing the text again. Errors are those of parse_hw_config.
class HwConfigBase {
 public:
  HwConfigBase(const std::string& text, const std::string& source, const std::vector<Override>& base_overrides);
  /// The base with `point` applied after the base overrides. Throws ConfigError.
  HwConfig at(const std::vector<Override>& point) const;

 private:
  struct Parsed;
  std::shared_ptr<const Parsed> m_parsed;
};

}  // namespace imc::config
