// SPDX-License-Identifier: MIT
// How a converter (ADC or DAC) scales with its bit width: the `model` key of [adc] and [dac].
// A config gives the converter's power, area and rate at its reference width; the model says
// what the converter is at the width the config asks for. Variants in impl/, one file each,
// registered by their line in configs/policies/converter_models.def.
#pragma once

#include <memory>

#include "configs/hw_config.h"
#include "configs/registry.h"

namespace imc::config {

/// What a converter model may read besides the converter itself.
struct ConverterModelInputs {
  int reference_bits = 0;        ///< the width power_mw, area_um2 and sample_rate_gsps describe
  bool adc = true;               ///< an ADC (else a DAC)
  double fom_walden_fj = 10;     ///< ADC survey envelope: Walden figure of merit
  double fom_schreier_db = 175;  ///< ADC survey envelope: Schreier figure of merit
};

class ConverterModel {
 public:
  virtual ~ConverterModel() = default;
  /// Rewrites c.power_mw, c.area_um2 and c.sample_rate_gsps, given at in.reference_bits, for
  /// c.bits (called only when the two differ). Throws std::invalid_argument naming the widths
  /// it can give when it cannot give c.bits.
  virtual void resolve(ConverterConfig& c, const ConverterModelInputs& in) const = 0;
};

using ConverterModels = Registry<std::shared_ptr<const ConverterModel>>;
const ConverterModels& converter_models();

}  // namespace imc::config
