// SPDX-License-Identifier: MIT
#include "configs/converters/impl/models.h"

namespace imc::config {

const ConverterModels& converter_models() {
  static const ConverterModels registry = [] {
    ConverterModels r("converter model");
    r.add("fixed", converters::make_fixed());
    r.add("survey", converters::make_survey());
    r.add("table", converters::make_table());
    return r;
  }();
  return registry;
}

}  // namespace imc::config
