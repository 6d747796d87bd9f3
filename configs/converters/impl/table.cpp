// SPDX-License-Identifier: MIT
// model = "table": the converter at each width is an entry of [[adc.table]] / [[dac.table]]
// (e.g. MNSIM's 4, 6, 8 and 10-bit ADCs); a width without an entry is an error.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "configs/converters/converter_model.h"

namespace imc::config::converters {
namespace {

class Table : public ConverterModel {
 public:
  void resolve(ConverterConfig& c, const ConverterModelInputs& in) const override {
    auto hit = std::find_if(c.table.begin(), c.table.end(), [&](const ConverterChoice& e) { return e.bits == c.bits; });
    if (hit == c.table.end()) {
      std::string have;
      for (const ConverterChoice& e : c.table) have += (have.empty() ? "" : ", ") + std::to_string(e.bits);
      throw std::invalid_argument(std::to_string(c.bits) + " bits has no entry in the table (it has " +
                                  (have.empty() ? std::string("none") : have) + "; reference_bits " +
                                  std::to_string(in.reference_bits) + " uses power_mw and area_um2)");
    }
    c.power_mw = hit->power_mw;
    c.area_um2 = hit->area_um2;
    c.sample_rate_gsps = hit->sample_rate_gsps;
  }
};

}  // namespace

std::shared_ptr<const ConverterModel> make_table() { return std::make_shared<Table>(); }

}  // namespace imc::config::converters
