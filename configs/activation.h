// SPDX-License-Identifier: MIT
// The element-wise activations an `activation` layer applies (configs/activations.def lists
// them): their names in network files, and what the quantizers need to know of their range.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace imc::config {

enum class Activation {
#define IMC_ACTIVATION(id, name, nonnegative, energy_pj) id,
#include "configs/activations.def"
#undef IMC_ACTIVATION
};

inline constexpr size_t kActivationCount = 0
#define IMC_ACTIVATION(id, name, nonnegative, energy_pj) +1
#include "configs/activations.def"
#undef IMC_ACTIVATION
    ;

/// The default energy per element of each function (pJ), cited in activations.def.
inline constexpr std::array<double, kActivationCount> kDefaultActivationEnergyPj = {
#define IMC_ACTIVATION(id, name, nonnegative, energy_pj) energy_pj,
#include "configs/activations.def"
#undef IMC_ACTIVATION
};

/// The network TOML name ("hard_swish").
const char* activation_name(Activation a);
/// True when the function's output is never negative (the output can be quantized unsigned).
bool activation_is_nonnegative(Activation a);
/// The activation named `name`, or false.
bool activation_from_name(const std::string& name, Activation& out);
/// Every name, in .def order.
std::vector<std::string> activation_names();

}  // namespace imc::config
