// SPDX-License-Identifier: MIT
#include "configs/hw_config.h"

#include <gtest/gtest.h>

#include <cmath>

#include "configs/config_error.h"
#include "configs/hw_presets.h"
#include "tests/test_util.h"

namespace imc::config {
namespace {

const std::string kPreset = "configs/hw/mnsim-2024.toml";

std::string preset_text() { return test::read_text(test::source_path(kPreset)); }

/// The preset with exactly one occurrence of `from` replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string text = preset_text();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "ambiguous edit: " << from;
  return text.replace(at, from.size(), to);
}

std::string error_for(const std::string& text, const std::vector<Override>& overrides = {}) {
  return test::error_of<ConfigError>([&] { parse_hw_config(text, "chip.toml", overrides); });
}

/// Line number (1-based) of the first line containing `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

TEST(HwConfig, LoadsTheMnsimPreset) {
  const HwConfig hw = load_hw_config(test::source_path(kPreset));
  EXPECT_EQ(hw.name, "mnsim-2024");
  EXPECT_EQ(hw.chip.mesh_rows, 64);
  EXPECT_EQ(hw.chip.accumulator_row, 32);
  EXPECT_EQ(hw.chip.placement, "spiral");
  EXPECT_EQ(hw.tile.pes_per_tile, 4);
  EXPECT_EQ(hw.crossbar.rows, 256);
  EXPECT_DOUBLE_EQ(hw.crossbar.read_latency_ns, 3.16);
  EXPECT_EQ(hw.adc.bits, 8);
  EXPECT_DOUBLE_EQ(hw.adc.sample_rate_gsps, 1.28);
  EXPECT_DOUBLE_EQ(hw.dac.power_mw, 0.0039);
  EXPECT_DOUBLE_EQ(hw.device.hrs_ohm, 1e6);
  EXPECT_EQ(hw.quantization.weight_bits, 9);
  EXPECT_DOUBLE_EQ(hw.noc.inter_tile_bandwidth_gbps, 20);
}

TEST(HwConfig, EveryPresetLoadsByNameAsItsFileDoes) {
  EXPECT_EQ(hw_preset_names(), (std::vector<std::string>{"edge-small", "isaac-like", "mnsim-2024"}));
  for (const std::string& name : hw_preset_names()) {
    const HwConfig by_name = load_hw_config(name, parse_overrides({"adc.bits=6"}));
    const HwConfig by_file = load_hw_config(std::string(IMCNAS_SOURCE_DIR) + "/configs/hw/" + name + ".toml",
                                            parse_overrides({"adc.bits=6"}));
    EXPECT_EQ(by_name.name, by_file.name);
    EXPECT_EQ(by_name.adc.bits, 6);
    EXPECT_EQ(by_name.chip.mesh_rows, by_file.chip.mesh_rows);
    EXPECT_EQ(by_name.source, "configs/hw/" + name + ".toml (built in)");
  }
  try {
    load_hw_config("mnsim");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "hardware 'mnsim': not a preset (edge-small, isaac-like, mnsim-2024) or a .toml path");
  }
}

TEST(HwConfig, UnknownKeyNamesFileLineKeyAndSuggestion) {
  const std::string text = edited("bits = 8\nreference_bits = 8", "bitz = 8\nreference_bits = 8");
  const std::string msg = error_for(text);
  EXPECT_NE(msg.find("chip.toml:" + std::to_string(line_of(text, "bitz = 8")) + ":"), std::string::npos) << msg;
  EXPECT_NE(msg.find("adc.bitz"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'bits'"), std::string::npos) << msg;
}

// In flit mode the link keys follow from the flit keys. The presets' agree (8-bit flits at 2.5 GHz:
// 20 Gb/s, 5 one-cycle stages: 2 ns); a wider flit makes the preset's bandwidth wrong, and the
// error says the flit keys win, the value to write, and where.
TEST(HwConfig, FlitModeDerivesTheLinkKeysAndRefusesValuesThatDisagree) {
  const HwConfig ok = parse_hw_config(preset_text(), "chip.toml", {{"noc.mode", "flit", "--set noc.mode=flit"}});
  EXPECT_EQ(ok.noc.mode, NocMode::Flit);
  EXPECT_DOUBLE_EQ(ok.noc.inter_tile_bandwidth_gbps, 20);
  EXPECT_DOUBLE_EQ(ok.noc.hop_latency_ns, 2);
  const std::string text = edited("flit_bits = 8\n", "flit_bits = 16\n");
  const std::string msg = error_for(text, {{"noc.mode", "flit", "--set noc.mode=flit"}});
  EXPECT_NE(msg.find("chip.toml:" + std::to_string(line_of(text, "inter_tile_bandwidth_gbps")) + ":"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("noc.inter_tile_bandwidth_gbps = 40"), std::string::npos) << msg;
  EXPECT_NE(msg.find("flit keys win"), std::string::npos) << msg;
  // Left out, the keys take the derived values; the packet modes still require them.
  const std::string without = edited("hop_latency_ns = 2             # one digital clock per router\n", "");
  EXPECT_DOUBLE_EQ(
      parse_hw_config(without, "chip.toml", {{"noc.mode", "flit", "--set noc.mode=flit"}}).noc.hop_latency_ns, 2);
  EXPECT_NE(error_for(without).find("noc.hop_latency_ns"), std::string::npos);
}

// buffer.technology_nm was required and never priced; a file that still sets it is told why it is
// refused and what to do, at its line.
TEST(HwConfig, TheRemovedBufferTechnologyKeysSayWhatToDo) {
  const std::string text = edited("[buffer]\n", "[buffer]\ntechnology_nm = 90\n");
  const std::string msg = error_for(text);
  EXPECT_NE(msg.find("chip.toml:" + std::to_string(line_of(text, "technology_nm")) + ":"), std::string::npos) << msg;
  EXPECT_NE(msg.find("buffer.technology_nm"), std::string::npos) << msg;
  EXPECT_NE(msg.find("no longer read"), std::string::npos) << msg;
  EXPECT_NE(msg.find("delete the line"), std::string::npos) << msg;
}

// A key that only another cell model reads is refused with the model it belongs to, not ignored.
TEST(HwConfig, DeviceKeysOfAnotherCellModelAreRefused) {
  const std::string pcm_key = error_for(preset_text(), parse_overrides({"device.drift_scale=2"}));
  EXPECT_NE(pcm_key.find("device.drift_scale"), std::string::npos) << pcm_key;
  EXPECT_NE(pcm_key.find("model = \"pcm\" only"), std::string::npos) << pcm_key;
  const std::string no_drift = error_for(preset_text(), parse_overrides({"device.time_s=3600"}));
  EXPECT_NE(no_drift.find("device.time_s: needs a model that drifts"), std::string::npos) << no_drift;
  const std::string both =
      error_for(preset_text(), parse_overrides({"device.model=pcm", "device.variation_sigma_levels=0.1"}));
  EXPECT_NE(both.find("device.variation_sigma_levels"), std::string::npos) << both;
  EXPECT_NE(both.find("prog_noise_scale"), std::string::npos) << both;
  const HwConfig pcm =
      parse_hw_config(preset_text(), "chip.toml",
                      parse_overrides({"device.model=pcm", "device.time_s=86400", "device.drift_compensation=global"}));
  EXPECT_EQ(pcm.device.model, "pcm");
  EXPECT_EQ(pcm.device.time_s, 86400);
  EXPECT_EQ(pcm.device.drift_compensation, "global");
  EXPECT_EQ(pcm.device.pcm_g_max_us, 25);
}

TEST(HwConfig, MissingRequiredKeyNamesItsPath) {
  const std::string msg = error_for(edited("read_latency_ns = 3.16\n", ""));
  EXPECT_NE(msg.find("crossbar.read_latency_ns: missing required key"), std::string::npos) << msg;
  EXPECT_NE(msg.find("chip.toml:"), std::string::npos) << msg;
}

TEST(HwConfig, MisspelledSectionIsReportedAsATypo) {
  const std::string msg = error_for(edited("[quantization]", "[quantisation]"));
  EXPECT_NE(msg.find("quantisation: unknown key (did you mean 'quantization'?)"), std::string::npos) << msg;
}

TEST(HwConfig, MissingSectionIsReported) {
  const std::string msg = error_for(edited("[quantization]", "[other]"));
  EXPECT_NE(msg.find("quantization: missing required key"), std::string::npos) << msg;
}

TEST(HwConfig, WrongTypeSaysWhatWasFoundAndExpected) {
  const std::string text = edited("rows = 256", "rows = \"many\"");
  const std::string msg = error_for(text);
  EXPECT_NE(msg.find("chip.toml:" + std::to_string(line_of(text, "rows = \"many\""))), std::string::npos) << msg;
  EXPECT_NE(msg.find("crossbar.rows: found string \"many\", expected an integer"), std::string::npos) << msg;
}

TEST(HwConfig, FloatWhereIntegerIsNeededIsRejected) {
  const std::string msg = error_for(edited("adc_count = 128", "adc_count = 128.5"));
  EXPECT_NE(msg.find("pe.adc_count: found float 128.5"), std::string::npos) << msg;
}

TEST(HwConfig, CrossbarWithZeroRowsIsOutOfRange) {
  const std::string msg = error_for(edited("rows = 256", "rows = 0"));
  EXPECT_NE(msg.find("crossbar.rows: found integer 0, expected an integer in [1,"), std::string::npos) << msg;
}

TEST(HwConfig, NegativeBandwidthIsOutOfRange) {
  const std::string msg = error_for(edited("inter_tile_bandwidth_gbps = 20", "inter_tile_bandwidth_gbps = -20"));
  EXPECT_NE(msg.find("noc.inter_tile_bandwidth_gbps: found integer -20, expected a number in"), std::string::npos)
      << msg;
}

TEST(HwConfig, ThreeBitsPerCellOnATwoLevelDeviceIsRejected) {
  const std::string text = edited("bits_per_cell = 1", "bits_per_cell = 3");
  const std::string msg = error_for(text);
  EXPECT_NE(msg.find("chip.toml:" + std::to_string(line_of(text, "bits_per_cell = 3"))), std::string::npos) << msg;
  EXPECT_NE(msg.find("crossbar.bits_per_cell"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2 levels"), std::string::npos) << msg;
}

TEST(HwConfig, AccumulatorOutsideTheMeshIsRejected) {
  const std::string msg = error_for(edited("accumulator_row = 32", "accumulator_row = 64"));
  EXPECT_NE(msg.find("chip.accumulator_row: found integer 64, expected an integer in [0, 63]"), std::string::npos)
      << msg;
}

TEST(HwConfig, UnknownPlacementListsTheChoices) {
  const std::string msg = error_for(edited("placement = \"spiral\"", "placement = \"hilbert\""));
  EXPECT_NE(msg.find("expected one of: spiral, snake, row_major, zigzag"), std::string::npos) << msg;
}

TEST(HwConfig, AccuracyKeysAreCheckedWhereTheyAre) {
  std::string msg = error_for(preset_text(), {{"adc.range", "\"median\"", "--set"}});
  EXPECT_NE(msg.find("adc.range"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected one of: full_scale, calibrated"), std::string::npos) << msg;
  msg = error_for(edited("[device]\nlevels = 2", "[device]\nsaf_0_rate = 1.5\nlevels = 2"));
  EXPECT_NE(msg.find("chip.toml:42"), std::string::npos) << msg;
  EXPECT_NE(msg.find("device.saf_0_rate: found float 1.5, expected a number in [0, 1]"), std::string::npos) << msg;
  msg = error_for(preset_text(), {{"device.saf_0_rate", "0.6", "--set"}, {"device.saf_1_rate", "0.6", "--set"}});
  EXPECT_NE(msg.find("the two rates add to at most 1"), std::string::npos) << msg;
  msg = error_for(preset_text(), {{"adc.range_percentile", "20", "--set"}});
  EXPECT_NE(msg.find("adc.range_percentile"), std::string::npos) << msg;
}

TEST(HwConfig, MalformedTomlNamesLineAndColumn) {
  const std::string msg = error_for(edited("rows = 256", "rows = = 256"));
  EXPECT_NE(msg.find("chip.toml:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("malformed TOML"), std::string::npos) << msg;
}

TEST(HwConfig, MissingKeyIsNotReportedAsItsNeighbourMisspelled) {
  // "cols" is two edits from "rows": it is a key of its own, and "rows" is what is missing.
  const std::string msg = error_for(edited("rows = 256\n", ""));
  EXPECT_NE(msg.find("crossbar.rows: missing required key"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("unknown key"), std::string::npos) << msg;
  const std::string typo = error_for(edited("rows = 256\n", "row = 256\n"));
  EXPECT_NE(typo.find("crossbar.row: unknown key (did you mean 'rows'?)"), std::string::npos) << typo;
}

TEST(HwConfig, ADirectoryOrAnEndlessFileIsAClearError) {
  const std::string dir = test::error_of<ConfigError>([] { load_hw_config(test::source_path("configs")); });
  EXPECT_NE(dir.find("is a directory"), std::string::npos) << dir;
  const std::string endless = test::error_of<ConfigError>([] { load_hw_config("/dev/zero"); });
  EXPECT_NE(endless.find("larger than 16 MiB"), std::string::npos) << endless;
}

TEST(HwConfig, ChipsBeyondThePeLimitAreRefused) {
  const std::string msg = error_for(
      preset_text(),
      {{"chip.mesh_rows", "4096", "--set"}, {"chip.mesh_cols", "4096", "--set"}, {"tile.pes_per_tile", "64", "--set"}});
  EXPECT_NE(msg.find("tile.pes_per_tile"), std::string::npos) << msg;
  EXPECT_NE(msg.find("more than the supported 268435456"), std::string::npos) << msg;
}

// Converter models (docs/config.md): the explicit values are the converter at reference_bits;
// a model says what it is at other widths, so a sweep over bits changes energy and area too.
TEST(HwConfigConverters, SurveyModelGrowsEnergyAndAreaWithBitsAndKeepsTheReference) {
  const HwConfig ref = parse_hw_config(preset_text(), "chip.toml");
  double last_energy = 0, last_area = 0;
  for (int bits = 3; bits <= 12; ++bits) {
    const HwConfig hw = parse_hw_config(
        preset_text(), "chip.toml", {{"adc.model", "survey", "--set"}, {"adc.bits", std::to_string(bits), "--set"}});
    EXPECT_GT(hw.adc.energy_per_conversion_pj(), last_energy) << bits << " bits: more bits, more energy";
    EXPECT_GT(hw.adc.area_um2, last_area) << bits;
    EXPECT_EQ(hw.adc.sample_rate_gsps, ref.adc.sample_rate_gsps) << "a conversion still takes (bits + 2) / rate";
    last_energy = hw.adc.energy_per_conversion_pj();
    last_area = hw.adc.area_um2;
    if (bits == 8) {  // the reference: the explicit values, exactly
      EXPECT_EQ(hw.adc.power_mw, ref.adc.power_mw);
      EXPECT_EQ(hw.adc.area_um2, ref.adc.area_um2);
    }
  }
  // Walden regime: twice the energy per bit; thermal (Schreier) regime: four times.
  EXPECT_NEAR(adc_survey_energy_pj(6, 10, 175) / adc_survey_energy_pj(5, 10, 175), 2.0, 1e-9);
  EXPECT_NEAR(adc_survey_energy_pj(16, 10, 175) / adc_survey_energy_pj(15, 10, 175), 4.0, 0.01);
  const HwConfig dac =
      parse_hw_config(preset_text(), "chip.toml", {{"dac.model", "survey", "--set"}, {"dac.bits", "2", "--set"}});
  EXPECT_NEAR(dac.dac.energy_per_conversion_pj(), 2 * ref.dac.energy_per_conversion_pj(), 1e-12);
  EXPECT_NEAR(dac.dac.area_um2, 2 * ref.dac.area_um2, 1e-12);
}

TEST(HwConfigConverters, TableModelPicksTheEntryOfTheBitsOrSaysWhichExist) {
  const HwConfig six =
      parse_hw_config(preset_text(), "chip.toml", {{"adc.model", "table", "--set"}, {"adc.bits", "6", "--set"}});
  EXPECT_EQ(six.adc.power_mw, 1.26);
  EXPECT_EQ(six.adc.area_um2, 580);
  EXPECT_EQ(six.adc.sample_rate_gsps, 1.0);
  const HwConfig eight = parse_hw_config(preset_text(), "chip.toml", {{"adc.model", "table", "--set"}});
  EXPECT_EQ(eight.adc.sample_rate_gsps, 1.28) << "at reference_bits the explicit values win";
  const std::string missing = error_for(preset_text(), {{"adc.model", "table", "--set"}, {"adc.bits", "5", "--set"}});
  EXPECT_NE(missing.find("adc.bits: 5 bits has no entry in the table (it has 4, 6, 8, 10"), std::string::npos)
      << missing;
}

// The SRAM table of docs/config.md ("Buffer models"): Horowitz's 45 nm energies per 64-bit access,
// area from the 45 nm 6T cell at 70 % array efficiency.
const std::vector<Override> kSramTable{
    {"buffer.model", "\"table\"", "--set"},
    {"buffer.table",
     "[{bytes = 8192, bus_width_bits = 64, energy_pj = 10.0, area_um2 = 32393},"
     " {bytes = 32768, bus_width_bits = 64, energy_pj = 20.0, area_um2 = 129573},"
     " {bytes = 1048576, bus_width_bits = 64, energy_pj = 100.0, area_um2 = 4146334}]",
     "--set"}};

TEST(HwConfigBuffers, TableInterpolatesLogLogBetweenSizesOfTheBusWidth) {
  const std::vector<SramChoice> table{{8192, 64, 10, 100}, {32768, 64, 20, 400}, {32768, 128, 35, 800}};
  EXPECT_EQ(sram_from_table(table, 8192, 64)->energy_pj, 10);
  EXPECT_NEAR(sram_from_table(table, 16384, 64)->energy_pj, 10 * std::sqrt(2.0), 1e-9);  // halfway in log size
  EXPECT_NEAR(sram_from_table(table, 16384, 64)->area_um2, 200, 1e-9);
  EXPECT_EQ(sram_from_table(table, 32768, 128)->energy_pj, 35);
  EXPECT_FALSE(sram_from_table(table, 4096, 64)) << "below the smallest size";
  EXPECT_FALSE(sram_from_table(table, 65536, 64)) << "above the largest size";
  EXPECT_FALSE(sram_from_table(table, 16384, 128)) << "no 128-bit entry at or below";
}

TEST(HwConfigBuffers, TableModelDerivesPowerAndAreaThatGrowWithTheSize) {
  const HwConfig fixed = parse_hw_config(preset_text(), "chip.toml");
  EXPECT_EQ(fixed.buffer.model, "fixed");
  EXPECT_EQ(fixed.buffer.input_power_mw, 1.78) << "the preset keeps its calibrated values";
  auto with = [&](const std::string& key, const std::string& bytes) {
    std::vector<Override> o = kSramTable;
    o.push_back({key, bytes, "--set"});
    return parse_hw_config(preset_text(), "chip.toml", o);
  };
  const HwConfig small = with("buffer.tile_output_bytes", "65536");
  const HwConfig large = with("buffer.tile_output_bytes", "524288");
  EXPECT_GT(large.buffer.output_power_mw, small.buffer.output_power_mw);
  EXPECT_GT(large.tile.buffer_area_um2, small.tile.buffer_area_um2);
  EXPECT_EQ(large.buffer.input_power_mw, small.buffer.input_power_mw) << "the PE line buffer did not change";
  // 18432-byte line buffers: between the 8 KiB and 32 KiB macros, over the 20 ns word time.
  const double line_pj = 10 * std::pow(2.0, std::log(18432.0 / 8192) / std::log(4.0));
  EXPECT_NEAR(small.buffer.input_power_mw, line_pj / 20.0, 1e-9);
  const std::string outside = error_for(preset_text(), [] {
    std::vector<Override> o = kSramTable;
    o.push_back({"buffer.pe_line_bytes", "4096", "--set"});
    return o;
  }());
  EXPECT_NE(outside.find("buffer.pe_line_bytes: 4096 bytes on a 64-bit bus is outside buffer.table (its 64-bit "
                         "entries: 8192, 32768, 1048576 bytes)"),
            std::string::npos)
      << outside;
}

// Every size the table model prices is checked against the table, the tile input buffer too
// (its area was read off an empty lookup before the buffer models had a registry).
TEST(HwConfigBuffers, TableModelChecksEverySizeItReadsAndModelsAreRegistered) {
  const std::string outside = error_for(preset_text(), [] {
    std::vector<Override> o = kSramTable;
    o.push_back({"buffer.tile_input_bytes", "4096", "--set"});
    return o;
  }());
  EXPECT_NE(outside.find("buffer.tile_input_bytes: 4096 bytes on a 64-bit bus is outside buffer.table"),
            std::string::npos)
      << outside;
  const std::string unknown = error_for(preset_text(), {{"buffer.model", "cacti", "--set"}});
  EXPECT_NE(unknown.find("buffer.model"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("fixed, table"), std::string::npos) << unknown;
}

TEST(HwConfig, MissingFileIsAClearError) {
  const std::string msg = test::error_of<ConfigError>([] { load_hw_config("/nonexistent/chip.toml"); });
  EXPECT_NE(msg.find("/nonexistent/chip.toml: cannot open file"), std::string::npos) << msg;
}

TEST(HwConfig, OverrideChangesAValue) {
  const HwConfig hw =
      parse_hw_config(preset_text(), "chip.toml", parse_overrides({"adc.bits=6", "chip.placement=snake"}));
  EXPECT_EQ(hw.adc.bits, 6);
  EXPECT_EQ(hw.chip.placement, "snake");
}

TEST(HwConfig, OverrideIsValidatedLikeTheFile) {
  const std::string msg = error_for(preset_text(), parse_overrides({"crossbar.rows=0"}));
  EXPECT_NE(msg.find("--set crossbar.rows=0: crossbar.rows: found integer 0"), std::string::npos) << msg;
}

TEST(HwConfig, OverrideOfAnUnknownKeyIsAnError) {
  const std::string msg = error_for(preset_text(), parse_overrides({"adc.bitz=6"}));
  EXPECT_NE(msg.find("--set adc.bitz=6: adc.bitz: unknown key (did you mean 'bits'?)"), std::string::npos) << msg;
}

TEST(HwConfig, OverrideOfAnUnknownSectionIsAnError) {
  const std::string msg = error_for(preset_text(), parse_overrides({"adcc.bits=6"}));
  EXPECT_NE(msg.find("adcc"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key"), std::string::npos) << msg;
}

TEST(HwConfig, OverrideWithWrongTypeIsAnError) {
  const std::string msg = error_for(preset_text(), parse_overrides({"adc.bits=six"}));
  EXPECT_NE(msg.find("adc.bits: found string \"six\", expected an integer"), std::string::npos) << msg;
}

TEST(HwConfig, OverrideThroughAValueIsAnError) {
  const std::string msg = error_for(preset_text(), parse_overrides({"adc.bits.x=1"}));
  EXPECT_NE(msg.find("'adc.bits' is integer 8, not a table"), std::string::npos) << msg;
}

}  // namespace
}  // namespace imc::config

namespace imc::config {
namespace {

TEST(HwConfigVariation, SigmaAsLevelsOrAsNacimCurrent) {
  const std::vector<Override> none;
  EXPECT_EQ(parse_hw_config(test::read_text(test::source_path("configs/hw/mnsim-2024.toml")), "chip.toml")
                .device.variation_sigma_levels,
            0.0);
  // NACIM: 800 nA on a 16 uA range with 4-bit cells (16 levels) is 0.75 of a level.
  const HwConfig nacim = parse_hw_config(test::read_text(test::source_path("configs/hw/mnsim-2024.toml")), "chip.toml",
                                         parse_overrides({"device.levels=16", "crossbar.bits_per_cell=4",
                                                          "device.variation_sigma_na=800", "device.on_current_ua=16"}));
  EXPECT_DOUBLE_EQ(nacim.device.variation_sigma_levels, 0.75);
  const HwConfig direct = parse_hw_config(test::read_text(test::source_path("configs/hw/mnsim-2024.toml")), "chip.toml",
                                          parse_overrides({"device.variation_sigma_levels=0.2"}));
  EXPECT_DOUBLE_EQ(direct.device.variation_sigma_levels, 0.2);
}

TEST(HwConfigVariation, BothFormsOrACurrentWithoutItsRangeAreErrors) {
  const std::string text = test::read_text(test::source_path("configs/hw/mnsim-2024.toml"));
  const std::string both = test::error_of<ConfigError>([&] {
    parse_hw_config(text, "chip.toml",
                    parse_overrides({"device.variation_sigma_levels=0.2", "device.variation_sigma_na=800"}));
  });
  EXPECT_NE(both.find("not both"), std::string::npos) << both;
  const std::string no_range = test::error_of<ConfigError>(
      [&] { parse_hw_config(text, "chip.toml", parse_overrides({"device.variation_sigma_na=800"})); });
  EXPECT_NE(no_range.find("needs on_current_ua"), std::string::npos) << no_range;
}

// A second entry for the same width was accepted and silently ignored (the first won).
TEST(HwConfig, ATableEntryGivenTwiceIsAnError) {
  const std::string twice =
      preset_text() + "\n[[adc.table]]\nbits = 6\npower_mw = 9.0\narea_um2 = 1\nsample_rate_gsps = 1.0\n";
  const std::string msg = error_for(twice);
  EXPECT_NE(msg.find("adc.table[4].bits: 6 bits has an entry already"), std::string::npos) << msg;
}

}  // namespace
}  // namespace imc::config
