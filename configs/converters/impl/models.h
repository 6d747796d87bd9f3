// SPDX-License-Identifier: MIT
// The converter models' factories, one per file of this folder (registered in converter_models.cpp).
#pragma once

#include "configs/converters/converter_model.h"

namespace imc::config::converters {

std::shared_ptr<const ConverterModel> make_fixed();
std::shared_ptr<const ConverterModel> make_survey();
std::shared_ptr<const ConverterModel> make_table();

}  // namespace imc::config::converters
