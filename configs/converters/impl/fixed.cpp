// SPDX-License-Identifier: MIT
// model = "fixed": the converter is what the config says at every width (MNSIM's preset: its
// power and area do not follow the bits).
#include "configs/converters/converter_model.h"

namespace imc::config::converters {
namespace {

class Fixed : public ConverterModel {
 public:
  void resolve(ConverterConfig&, const ConverterModelInputs&) const override {}
};

}  // namespace

std::shared_ptr<const ConverterModel> make_fixed() { return std::make_shared<Fixed>(); }

}  // namespace imc::config::converters
