// SPDX-License-Identifier: MIT
// model = "table": the powers and the tile's buffer area are read off buffer.table (SRAM
// macros by size and bus width), interpolated in log size between entries.
#include <string>

#include "configs/buffers/impl/models.h"

namespace imc::config::buffers {
namespace {

class Table : public BufferModel {
 public:
  bool derives_powers_and_area() const override { return true; }

  void resolve(BufferConfig& c) const override {
    if (c.access_time_ns <= 0) throw BufferModelError("access_time_ns", "must be above 0 with model = \"table\"");
    // Energy per word over the time of a word: the power while the buffer is accessed.
    c.input_power_mw = at(c, "pe_line_bytes", c.pe_line_bytes).energy_pj / c.access_time_ns;
    c.output_power_mw = at(c, "tile_output_bytes", c.tile_output_bytes).energy_pj / c.access_time_ns;
    // The area needs these too: checked here, where the key can be named.
    at(c, "tile_input_bytes", c.tile_input_bytes);
  }

  std::optional<double> tile_buffer_area_um2(const BufferConfig& c, int pes_per_tile) const override {
    auto area = [&](double bytes) { return sram_from_table(c.table, bytes, c.bus_width_bits)->area_um2; };
    return pes_per_tile * area(c.pe_line_bytes) + area(c.tile_input_bytes) + area(c.tile_output_bytes);
  }

 private:
  static SramChoice at(const BufferConfig& c, const char* key, double bytes) {
    if (auto hit = sram_from_table(c.table, bytes, c.bus_width_bits)) return *hit;
    std::string have;
    for (const SramChoice& e : c.table)
      if (e.bus_width_bits == c.bus_width_bits)
        have += (have.empty() ? "" : ", ") + std::to_string(static_cast<int64_t>(e.bytes));
    throw BufferModelError(key, std::to_string(static_cast<int64_t>(bytes)) + " bytes on a " +
                                    std::to_string(c.bus_width_bits) + "-bit bus is outside buffer.table (its " +
                                    std::to_string(c.bus_width_bits) +
                                    "-bit entries: " + (have.empty() ? std::string("none") : have + " bytes") + ")");
  }
};

}  // namespace

std::shared_ptr<const BufferModel> make_table() { return std::make_shared<Table>(); }

}  // namespace imc::config::buffers
