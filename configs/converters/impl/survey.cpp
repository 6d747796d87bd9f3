// SPDX-License-Identifier: MIT
// model = "survey": the energy per conversion follows Murmann's ADC survey envelope (ADC) or
// the 2^bits levels (DAC); the area follows the binary-weighted capacitor array, 2^bits cells.
#include <algorithm>
#include <cmath>

#include "configs/converters/converter_model.h"

namespace imc::config {

double adc_survey_energy_pj(int bits, double fom_walden_fj, double fom_schreier_db) {
  const double walden_pj = fom_walden_fj * std::ldexp(1.0, bits) * 1e-3;
  const double sndr_db = 6.02 * bits + 1.76;
  const double schreier_pj = 0.5 * std::pow(10.0, (sndr_db - fom_schreier_db) / 10.0) * 1e12;
  return std::max(walden_pj, schreier_pj);
}

namespace converters {
namespace {

class Survey : public ConverterModel {
 public:
  void resolve(ConverterConfig& c, const ConverterModelInputs& in) const override {
    // The conversion time, (bits + 2) / rate, already grows with the bits.
    const double energy_ratio = in.adc
                                    ? adc_survey_energy_pj(c.bits, in.fom_walden_fj, in.fom_schreier_db) /
                                          adc_survey_energy_pj(in.reference_bits, in.fom_walden_fj, in.fom_schreier_db)
                                    : std::ldexp(1.0, c.bits - in.reference_bits);
    const double reference_energy_pj = c.power_mw * (in.reference_bits + 2) / c.sample_rate_gsps;
    c.power_mw = reference_energy_pj * energy_ratio / ((c.bits + 2) / c.sample_rate_gsps);
    c.area_um2 *= std::ldexp(1.0, c.bits - in.reference_bits);
  }
};

}  // namespace

std::shared_ptr<const ConverterModel> make_survey() { return std::make_shared<Survey>(); }

}  // namespace converters
}  // namespace imc::config
