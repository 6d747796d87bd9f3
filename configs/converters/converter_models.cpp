// SPDX-License-Identifier: MIT
#include "configs/converters/converter_model.h"

namespace imc::config {

namespace converters {
#define IMC_CONVERTER_MODEL(name) std::shared_ptr<const ConverterModel> make_##name();
#include "configs/policies/converter_models.def"
#undef IMC_CONVERTER_MODEL
}  // namespace converters

const ConverterModels& converter_models() {
  static const ConverterModels registry = [] {
    ConverterModels r("converter model");
#define IMC_CONVERTER_MODEL(name) r.add(#name, converters::make_##name());
#include "configs/policies/converter_models.def"
#undef IMC_CONVERTER_MODEL
    return r;
  }();
  return registry;
}

}  // namespace imc::config
