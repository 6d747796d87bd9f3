// SPDX-License-Identifier: MIT
#include "configs/hw_config.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "configs/buffers/buffer_model.h"
#include "configs/converters/converter_model.h"
#include "configs/detail/table_reader.h"
#include "configs/hw_presets.h"
#include "configs/policy_names.h"

namespace imc::config {
namespace {

using detail::TableReader;

constexpr double kHuge = 1e15;
constexpr int64_t kMaxChipPes = int64_t{1} << 28;  ///< keeps every PE and crossbar count in 32 bits

ChipConfig read_chip(const TableReader& t) {
  ChipConfig c;
  c.mesh_rows = static_cast<int>(t.integer("mesh_rows", 1, 4096));
  c.mesh_cols = static_cast<int>(t.integer("mesh_cols", 1, 4096));
  c.digital_clock_mhz = t.number("digital_clock_mhz", 1e-3, 1e6);
  c.accumulator_row = static_cast<int>(t.integer("accumulator_row", 0, c.mesh_rows - 1));
  c.accumulator_col = static_cast<int>(t.integer("accumulator_col", 0, c.mesh_cols - 1));
  c.placement = t.choice_or("placement", "spiral", placement_names());
  c.placement_evaluations = static_cast<int>(t.integer_or("placement_evaluations", 3000, 0, 10000000));
  t.finish();
  return c;
}

/// `area_derived`: the buffer model derives buffer_area_um2 (then optional and unused).
TileConfig read_tile(const TableReader& t, bool area_derived) {
  TileConfig c;
  c.pes_per_tile = static_cast<int>(t.integer("pes_per_tile", 1, 1024));
  c.buffer_area_um2 =
      area_derived ? t.number_or("buffer_area_um2", 0, 0, kHuge) : t.number("buffer_area_um2", 0, kHuge);
  c.digital_area_um2 = t.number("digital_area_um2", 0, kHuge);
  const TableReader p = t.table("pooling");
  c.pooling.lanes = static_cast<int>(p.integer("lanes", 1, 1 << 16));
  c.pooling.window = static_cast<int>(p.integer("window", 1, 1024));
  c.pooling.latency_ns = p.number("latency_ns", 0, kHuge);
  c.pooling.power_mw = p.number("power_mw", 0, kHuge);
  c.pooling.area_um2 = p.number("area_um2", 0, kHuge);
  p.finish();
  t.finish();
  return c;
}

PeConfig read_pe(const TableReader& t) {
  PeConfig c;
  c.polarity = t.choice_or("polarity", "differential", {"differential"});
  c.dac_count = static_cast<int>(t.integer("dac_count", 1, 1 << 16));
  c.adc_count = static_cast<int>(t.integer("adc_count", 1, 1 << 16));
  c.demux_stage_latency_ns = t.number("demux_stage_latency_ns", 0, kHuge);
  c.mux_stage_latency_ns = t.number("mux_stage_latency_ns", 0, kHuge);
  t.finish();
  return c;
}

CrossbarConfig read_crossbar(const TableReader& t) {
  CrossbarConfig c;
  c.rows = static_cast<int>(t.integer("rows", 1, 1 << 16));
  c.cols = static_cast<int>(t.integer("cols", 1, 1 << 16));
  c.bits_per_cell = static_cast<int>(t.integer("bits_per_cell", 1, 16));
  c.read_latency_ns = t.number("read_latency_ns", 0, kHuge);
  c.cell_area_um2 = t.number("cell_area_um2", 0, kHuge);
  c.periphery_area_um2_per_col = t.number("periphery_area_um2_per_col", 0, kHuge);
  c.wire_resistance_ohm = t.number_or("wire_resistance_ohm", 0, 0, 1e6);
  t.finish();
  return c;
}

/// device.model and the keys that only one model reads: a key the chosen model would ignore is
/// an error that names the model it belongs to.
void read_cell_model(const TableReader& t, DeviceConfig& c) {
  c.model = t.choice_or("model", "gaussian", cell_model_names());
  c.time_s = t.number_or("time_s", 0, 0, 1e12);
  c.drift_compensation = t.choice_or("drift_compensation", "none", drift_compensation_names());
  const bool pcm = c.model == "pcm";
  for (const char* key : {"pcm_g_max_us", "prog_noise_scale", "read_noise_scale", "drift_scale"})
    if (!pcm && t.has(key))
      t.fail(key, std::string("is read by model = \"pcm\" only; this device is \"") + c.model + "\"");
  if (pcm && (t.has("variation_sigma_levels") || t.has("variation_sigma_na")))
    t.fail(t.has("variation_sigma_levels") ? "variation_sigma_levels" : "variation_sigma_na",
           "is the gaussian model's variation; model = \"pcm\" draws its own programming noise (scale it with "
           "prog_noise_scale)");
  if (!pcm && c.time_s > 0)
    t.fail("time_s",
           "needs a model that drifts: the \"" + c.model + "\" model does not change with time (use model = \"pcm\")");
  if (!pcm && c.drift_compensation != "none")
    t.fail("drift_compensation",
           "compensates drift, which the \"" + c.model + "\" model does not have (use model = \"pcm\")");
  c.pcm_g_max_us = t.number_or("pcm_g_max_us", 25, 1e-6, 1e6);
  c.prog_noise_scale = t.number_or("prog_noise_scale", 1, 0, 100);
  c.read_noise_scale = t.number_or("read_noise_scale", 1, 0, 100);
  c.drift_scale = t.number_or("drift_scale", 1, 0, 100);
}

DeviceConfig read_device(const TableReader& t) {
  DeviceConfig c;
  c.levels = static_cast<int>(t.integer("levels", 2, 1 << 16));
  c.hrs_ohm = t.number("hrs_ohm", 1e-3, kHuge);
  c.lrs_ohm = t.number("lrs_ohm", 1e-3, kHuge);
  c.read_voltage_v = t.number("read_voltage_v", 1e-6, 100);
  c.read_activity = t.number_or("read_activity", 0.1, 0, 1);
  c.lrs_fraction = t.number_or("lrs_fraction", 0.33, 0, 1);
  if (c.lrs_ohm >= c.hrs_ohm) t.fail("lrs_ohm", "must be below hrs_ohm (" + std::to_string(c.hrs_ohm) + ")");
  // Variation: as a fraction of a level, or as a current against the cell's full current range (NACIM).
  if (t.has("variation_sigma_levels") && t.has("variation_sigma_na"))
    t.fail("variation_sigma_na", "give either variation_sigma_levels or variation_sigma_na, not both");
  c.variation_sigma_levels = t.number_or("variation_sigma_levels", 0, 0, 1e3);
  if (t.has("variation_sigma_na")) {
    const double sigma_na = t.number("variation_sigma_na", 0, kHuge);
    if (!t.has("on_current_ua"))
      t.fail("variation_sigma_na", "needs on_current_ua, the current of a cell at its top level");
    const double on_ua = t.number("on_current_ua", 1e-9, kHuge);
    c.variation_sigma_levels = sigma_na / 1000.0 / (on_ua / (c.levels - 1));
  } else if (t.has("on_current_ua")) {
    t.number("on_current_ua", 1e-9, kHuge);  // accepted alone, used with variation_sigma_na
  }
  c.saf_0_rate = t.number_or("saf_0_rate", 0, 0, 1);
  c.saf_1_rate = t.number_or("saf_1_rate", 0, 0, 1);
  if (c.saf_0_rate + c.saf_1_rate > 1)
    t.fail("saf_1_rate", "saf_0_rate + saf_1_rate is " + std::to_string(c.saf_0_rate + c.saf_1_rate) +
                             "; a cell is stuck at 0 or at 1, so the two rates add to at most 1");
  read_cell_model(t, c);
  t.finish();
  return c;
}

/// Reads a converter and resolves its power, area and rate at `bits` from its model. The
/// explicit power_mw, area_um2 and sample_rate_gsps are the converter at reference_bits and
/// always win there; a model says what the converter is at other widths.
ConverterConfig read_converter(const TableReader& t, bool adc) {
  ConverterConfig c;
  c.bits = static_cast<int>(t.integer("bits", 1, 32));
  c.model = t.choice_or("model", "fixed", converter_models().names());
  c.power_mw = t.number("power_mw", 0, kHuge);
  c.area_um2 = t.number("area_um2", 0, kHuge);
  c.sample_rate_gsps = t.number("sample_rate_gsps", 1e-9, kHuge);
  const int reference_bits = static_cast<int>(t.integer_or("reference_bits", c.bits, 1, 32));
  if (t.has("table"))
    for (const TableReader& e : t.table_array("table")) {
      ConverterChoice choice;
      choice.bits = static_cast<int>(e.integer("bits", 1, 32));
      choice.power_mw = e.number("power_mw", 0, kHuge);
      choice.area_um2 = e.number("area_um2", 0, kHuge);
      choice.sample_rate_gsps = e.number("sample_rate_gsps", 1e-9, kHuge);
      for (const ConverterChoice& other : c.table)
        if (other.bits == choice.bits)
          e.fail("bits", std::to_string(choice.bits) + " bits has an entry already; one entry per width");
      e.finish();
      c.table.push_back(choice);
    }
  if (adc) {
    c.range = t.choice_or("range", "full_scale", {"full_scale", "calibrated"});
    c.range_percentile = t.number_or("range_percentile", 99.99, 50, 100);
    c.offset_sigma_lsb = t.number_or("offset_sigma_lsb", 0, 0, 1e3);
    c.gain_sigma = t.number_or("gain_sigma", 0, 0, 1);
    c.thermal_noise_lsb = t.number_or("thermal_noise_lsb", 0, 0, 1e3);
  }
  const double fom_walden_fj = adc ? t.number_or("fom_walden_fj", 10.0, 1e-6, kHuge) : 0;
  const double fom_schreier_db = adc ? t.number_or("fom_schreier_db", 175.0, 100, 250) : 0;
  if (c.bits != reference_bits) {
    try {
      converter_models().at(c.model)->resolve(c, {reference_bits, adc, fom_walden_fj, fom_schreier_db});
    } catch (const std::invalid_argument& e) {
      t.fail("bits", e.what());
    }
  }
  t.finish();
  return c;
}

BufferConfig read_buffer(const TableReader& t) {
  BufferConfig c;
  c.model = t.choice_or("model", "fixed", buffer_models().names());
  const bool derived = buffer_models().at(c.model)->derives_powers_and_area();
  for (const char* removed : {"technology", "technology_nm"})
    if (t.has(removed))
      t.fail(removed,
             "is no longer read: no model ever priced it. The buffers' energies come from input_power_mw and "
             "output_power_mw, or from model = \"table\" (docs/config.md, \"Buffer models\"); delete the line");
  c.bus_width_bits = static_cast<int>(t.integer("bus_width_bits", 1, 1 << 16));
  c.access_time_ns = t.number("access_time_ns", 0, kHuge);
  // A model that derives the powers leaves the file's values optional and unused.
  c.input_power_mw = derived ? t.number_or("input_power_mw", 0, 0, kHuge) : t.number("input_power_mw", 0, kHuge);
  c.output_power_mw = derived ? t.number_or("output_power_mw", 0, 0, kHuge) : t.number("output_power_mw", 0, kHuge);
  c.leakage_power_mw = t.number("leakage_power_mw", 0, kHuge);
  c.pe_line_bytes = static_cast<double>(t.integer("pe_line_bytes", 1, int64_t{1} << 40));
  c.tile_input_bytes = static_cast<double>(t.integer("tile_input_bytes", 1, int64_t{1} << 40));
  c.tile_output_bytes = static_cast<double>(t.integer("tile_output_bytes", 1, int64_t{1} << 40));
  c.global_bytes = static_cast<double>(t.integer("global_bytes", 1, int64_t{1} << 40));
  if (t.has("table"))
    for (const TableReader& e : t.table_array("table")) {
      SramChoice choice;
      choice.bytes = static_cast<double>(e.integer("bytes", 1, int64_t{1} << 40));
      choice.bus_width_bits = static_cast<int>(e.integer("bus_width_bits", 1, 1 << 16));
      choice.energy_pj = e.number("energy_pj", 1e-12, kHuge);
      choice.area_um2 = e.number("area_um2", 1e-12, kHuge);
      for (const SramChoice& other : c.table)
        if (other.bytes == choice.bytes && other.bus_width_bits == choice.bus_width_bits)
          e.fail("bytes", std::to_string(static_cast<int64_t>(choice.bytes)) + " bytes on a " +
                              std::to_string(choice.bus_width_bits) +
                              "-bit bus has an entry already; one entry per size and bus width");
      e.finish();
      c.table.push_back(choice);
    }
  try {
    buffer_models().at(c.model)->resolve(c);
  } catch (const BufferModelError& e) {
    t.fail(e.key, e.what());
  }
  t.finish();
  return c;
}

DigitalConfig read_digital(const TableReader& t) {
  DigitalConfig c;
  // Priced in the all-modelled total only: MNSIM's total leaves the adder trees out (docs/config.md).
  c.adder_power_mw = t.number_or("adder_power_mw", 0, 0, kHuge);
  c.shift_reg_power_mw = t.number("shift_reg_power_mw", 0, kHuge);
  c.reg_power_mw = t.number("reg_power_mw", 0, kHuge);
  t.finish();
  return c;
}

AccumulatorConfig read_accumulator(const TableReader& t) {
  AccumulatorConfig c;
  c.add_latency_ns = t.number("add_latency_ns", 0, kHuge);
  c.add_power_mw = t.number("add_power_mw", 0, kHuge);
  c.mul_latency_ns = t.number_or("mul_latency_ns", c.add_latency_ns, 0, kHuge);
  c.mul_power_mw = t.number_or("mul_power_mw", c.add_power_mw * kMultiplyToAddEnergy, 0, kHuge);
  t.finish();
  return c;
}

ActivationUnitConfig read_activation_unit(const TableReader& t) {
  ActivationUnitConfig c;
  c.lanes = static_cast<int>(t.integer_or("lanes", c.lanes, 1, 1 << 20));
  c.cycle_ns = t.number_or("cycle_ns", c.cycle_ns, 1e-6, kHuge);
  for (size_t i = 0; i < kActivationCount; ++i)
    c.energy_pj[i] =
        t.number_or(std::string(activation_name(static_cast<Activation>(i))) + "_energy_pj", c.energy_pj[i], 0, kHuge);
  t.finish();
  return c;
}

FlitRouterConfig read_flit_router(const TableReader& t) {
  FlitRouterConfig c;
  auto cycles = [&](const char* key, int fallback, int lo) {
    return static_cast<int>(t.integer_or(key, fallback, lo, 1000));
  };
  c.flit_bits = static_cast<int>(t.integer_or("flit_bits", c.flit_bits, 1, 1 << 16));
  c.clock_ghz = t.number_or("clock_ghz", c.clock_ghz, 1e-3, 1e3);
  c.vcs = static_cast<int>(t.integer_or("vcs", c.vcs, 1, FlitRouterConfig::kMaxVcs));
  c.vc_buffer_flits = static_cast<int>(t.integer_or("vc_buffer_flits", c.vc_buffer_flits, 1, 1 << 16));
  // No lookahead routing and no zero-delay allocators: each stage takes at least a cycle, as
  // BookSim requires of its allocators.
  c.routing_delay_cycles = cycles("routing_delay_cycles", c.routing_delay_cycles, 1);
  c.vc_alloc_delay_cycles = cycles("vc_alloc_delay_cycles", c.vc_alloc_delay_cycles, 1);
  c.sw_alloc_delay_cycles = cycles("sw_alloc_delay_cycles", c.sw_alloc_delay_cycles, 1);
  c.st_delay_cycles = cycles("st_delay_cycles", c.st_delay_cycles, 1);
  c.link_latency_cycles = cycles("link_latency_cycles", c.link_latency_cycles, 1);
  c.credit_delay_cycles = cycles("credit_delay_cycles", c.credit_delay_cycles, 0);
  c.vc_allocator = t.choice_or("vc_allocator", c.vc_allocator, noc_allocator_names());
  c.sw_allocator = t.choice_or("sw_allocator", c.sw_allocator, noc_allocator_names());
  FlitEnergyConfig& e = c.energy;
  e.buffer_write_pj_per_bit = t.number_or("buffer_write_pj_per_bit", e.buffer_write_pj_per_bit, 0, kHuge);
  e.buffer_read_pj_per_bit = t.number_or("buffer_read_pj_per_bit", e.buffer_read_pj_per_bit, 0, kHuge);
  e.crossbar_pj_per_bit = t.number_or("crossbar_pj_per_bit", e.crossbar_pj_per_bit, 0, kHuge);
  e.link_pj_per_bit = t.number_or("link_pj_per_bit", e.link_pj_per_bit, 0, kHuge);
  e.vc_allocation_pj = t.number_or("vc_allocation_pj", e.vc_allocation_pj, 0, kHuge);
  e.sw_allocation_pj = t.number_or("sw_allocation_pj", e.sw_allocation_pj, 0, kHuge);
  return c;
}

/// In flit mode a packet-level link key follows from the flit keys: absent, it takes the derived
/// value; present, it must agree (the flit keys win), or the error names the value to write.
double packet_key_from_flit(const TableReader& t, const char* key, double derived, const std::string& because) {
  if (!t.has(key)) return derived;
  const double given = t.number(key, 0, kHuge);
  if (std::abs(given - derived) > 1e-9 * std::max(1.0, std::abs(derived))) {
    std::ostringstream msg;
    msg << "in flit mode " << because << " = " << derived << ", and the flit keys win; set " << t.key_path(key) << " = "
        << derived << " or leave it out (it is " << given << ")";
    t.fail(key, msg.str());
  }
  return given;
}

NocConfig read_noc(const TableReader& t) {
  NocConfig c;
  c.mode = noc_mode_from_name(t.choice_or("mode", "hops", noc_mode_names()));
  c.routing = t.choice_or("routing", "xy", routing_names());
  c.flit = read_flit_router(t);
  if (c.mode == NocMode::Flit) {
    const FlitRouterConfig& f = c.flit;
    std::ostringstream hop, link;
    hop << "the hop latency is (routing + vc_alloc + sw_alloc + st delays + link latency) / clock_ghz = "
        << f.hop_cycles() << " cycles / " << f.clock_ghz << " GHz";
    link << "the link bandwidth is flit_bits x clock_ghz = " << f.flit_bits << " x " << f.clock_ghz;
    c.hop_latency_ns = packet_key_from_flit(t, "hop_latency_ns", f.hop_latency_ns(), hop.str());
    c.inter_tile_bandwidth_gbps =
        packet_key_from_flit(t, "inter_tile_bandwidth_gbps", f.link_bandwidth_gbps(), link.str());
  } else {
    c.hop_latency_ns = t.number("hop_latency_ns", 0, kHuge);
    c.inter_tile_bandwidth_gbps = t.number("inter_tile_bandwidth_gbps", 1e-9, kHuge);
  }
  c.intra_tile_bandwidth_gbps = t.number("intra_tile_bandwidth_gbps", 1e-9, kHuge);
  c.energy_pj_per_bit_hop = t.number_or("energy_pj_per_bit_hop", 0, 0, kHuge);
  t.finish();
  return c;
}

QuantizationConfig read_quantization(const TableReader& t) {
  QuantizationConfig c;
  c.weight_bits = static_cast<int>(t.integer("weight_bits", 2, 32));
  c.activation_bits = static_cast<int>(t.integer("activation_bits", 1, 32));
  c.activation_percentile = t.number_or("activation_percentile", 99.99, 50, 100);
  t.finish();
  return c;
}

/// Checks that span sections; each error points at the key a user would change.
void check_cross_section(const HwConfig& hw, const TableReader& root) {
  const int storable_bits = static_cast<int>(std::floor(std::log2(static_cast<double>(hw.device.levels))));
  if (hw.crossbar.bits_per_cell > storable_bits) {
    root.table("crossbar")
        .fail("bits_per_cell", "found " + std::to_string(hw.crossbar.bits_per_cell) + ", but a device with " +
                                   std::to_string(hw.device.levels) + " levels (device.levels) stores at most " +
                                   std::to_string(storable_bits) + " bit(s) per cell");
  }
  if (hw.pe.dac_count > hw.crossbar.rows) {
    root.table("pe").fail("dac_count", "found " + std::to_string(hw.pe.dac_count) + ", expected at most one DAC per " +
                                           "crossbar row (crossbar.rows = " + std::to_string(hw.crossbar.rows) + ")");
  }
  const int64_t chip_pes = int64_t{hw.chip.mesh_rows} * hw.chip.mesh_cols * hw.tile.pes_per_tile;
  if (chip_pes > kMaxChipPes) {
    root.table("tile").fail("pes_per_tile", "the chip would have " + std::to_string(chip_pes) +
                                                " PEs (chip.mesh_rows x chip.mesh_cols x tile.pes_per_tile), more "
                                                "than the supported " +
                                                std::to_string(kMaxChipPes));
  }
  if (hw.pe.adc_count > hw.crossbar.cols) {
    root.table("pe").fail("adc_count", "found " + std::to_string(hw.pe.adc_count) + ", expected at most one ADC per " +
                                           "crossbar column (crossbar.cols = " + std::to_string(hw.crossbar.cols) +
                                           ")");
  }
}

HwConfig read_hw(const toml::table& doc, std::shared_ptr<detail::ReadContext> ctx) {
  const TableReader root(doc, "", ctx);
  HwConfig hw;
  hw.source = ctx->file;
  hw.name = root.string("name");
  hw.chip = read_chip(root.table("chip"));
  const TableReader buffer = root.table("buffer");
  // The buffer model first: it decides which tile keys are required (a misspelt model is its own error).
  const std::string buffer_model = buffer.choice_or("model", "fixed", buffer_models().names());
  hw.tile = read_tile(root.table("tile"), buffer_models().at(buffer_model)->derives_powers_and_area());
  hw.pe = read_pe(root.table("pe"));
  hw.crossbar = read_crossbar(root.table("crossbar"));
  hw.device = read_device(root.table("device"));
  hw.dac = read_converter(root.table("dac"), false);
  hw.adc = read_converter(root.table("adc"), true);
  hw.buffer = read_buffer(buffer);
  hw.digital = read_digital(root.table("digital"));
  hw.accumulator = read_accumulator(root.table("accumulator"));
  if (auto a = root.table_opt("activation")) hw.activation = read_activation_unit(*a);
  hw.noc = read_noc(root.table("noc"));
  hw.quantization = read_quantization(root.table("quantization"));
  if (auto m = root.table_opt("mapping")) {
    hw.mapping.row_split = m->choice_or("row_split", "channel_aligned", {"channel_aligned", "dense"});
    hw.mapping.replication = m->choice_or("replication", "none", {"none", "balance"});
    hw.mapping.max_replicas = static_cast<int>(m->integer_or("max_replicas", 8, 1, 1024));
    hw.mapping.group_packing = m->choice_or("group_packing", "block_diagonal", group_packing_names());
    m->finish();
  } else {
    hw.mapping.row_split = "channel_aligned";
  }
  root.finish();
  check_cross_section(hw, root);
  if (auto area = buffer_models().at(hw.buffer.model)->tile_buffer_area_um2(hw.buffer, hw.tile.pes_per_tile))
    hw.tile.buffer_area_um2 = *area;
  return hw;
}

}  // namespace

NocMode noc_mode_from_name(const std::string& name) {
  const std::vector<std::string>& names = noc_mode_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<NocMode>(i);
  throw std::invalid_argument("unknown NoC mode " + name);
}

const char* noc_mode_name(NocMode m) { return noc_mode_names()[static_cast<size_t>(m)].c_str(); }

std::optional<SramChoice> sram_from_table(const std::vector<SramChoice>& table, double bytes, int bus_width_bits) {
  const SramChoice* below = nullptr;  // the largest entry at or below `bytes`
  const SramChoice* above = nullptr;  // the smallest entry at or above it
  for (const SramChoice& e : table) {
    if (e.bus_width_bits != bus_width_bits) continue;
    if (e.bytes <= bytes && (!below || e.bytes > below->bytes)) below = &e;
    if (e.bytes >= bytes && (!above || e.bytes < above->bytes)) above = &e;
  }
  if (!below || !above) return std::nullopt;
  if (below->bytes == above->bytes) return *below;
  const double f = std::log(bytes / below->bytes) / std::log(above->bytes / below->bytes);
  SramChoice out = *below;
  out.bytes = bytes;
  out.energy_pj = below->energy_pj * std::pow(above->energy_pj / below->energy_pj, f);
  out.area_um2 = below->area_um2 * std::pow(above->area_um2 / below->area_um2, f);
  return out;
}

HwConfig parse_hw_config(const std::string& text, const std::string& source, const std::vector<Override>& overrides) {
  const detail::Document d = detail::document_from_text(text, source, overrides);
  return read_hw(d.root, d.ctx);
}

struct HwConfigBase::Parsed {
  toml::table root;
  detail::ReadContext ctx;
};

HwConfigBase::HwConfigBase(const std::string& text, const std::string& source,
                           const std::vector<Override>& base_overrides) {
  detail::Document d = detail::document_from_text(text, source, base_overrides);
  m_parsed = std::make_shared<const Parsed>(Parsed{std::move(d.root), *d.ctx});
}

HwConfig HwConfigBase::at(const std::vector<Override>& point) const {
  toml::table root = m_parsed->root;
  auto ctx = std::make_shared<detail::ReadContext>(m_parsed->ctx);
  detail::apply_overrides(root, point, *ctx);
  return read_hw(root, ctx);
}

NocConfig parse_noc_bench_overrides(const std::vector<Override>& overrides) {
  const detail::Document d = detail::document_from_text("[noc]\n", "noc bench", overrides);
  const TableReader root(d.root, "", d.ctx);
  const TableReader t = root.table("noc");
  NocConfig c;
  c.mode = NocMode::Flit;
  c.routing = t.choice_or("routing", "xy", routing_names());
  c.flit = read_flit_router(t);
  t.finish();
  root.finish();
  return c;
}

HwConfig load_hw_config(const std::string& path, const std::vector<Override>& overrides) {
  const HwConfigText source = read_hw_config_source(path);
  return parse_hw_config(source.text, source.source, overrides);
}

std::string read_hw_config_text(const std::string& path) { return read_hw_config_source(path).text; }

const char* accumulator_op_name(AccumulatorOp op) {
  switch (op) {
    case AccumulatorOp::Add:
      return "add";
    case AccumulatorOp::Multiply:
      return "mul";
    case AccumulatorOp::Move:
      return "move";
  }
  return "?";
}

}  // namespace imc::config
