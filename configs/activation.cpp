// SPDX-License-Identifier: MIT
#include "configs/activation.h"

#include <array>

namespace imc::config {
namespace {

struct Entry {
  Activation id;
  const char* name;
  bool nonnegative;
};

constexpr Entry kActivations[] = {
#define IMC_ACTIVATION(id, name, nonnegative, energy_pj) {Activation::id, name, nonnegative},
#include "configs/activations.def"
#undef IMC_ACTIVATION
};

// The enum and the table come from the same .def in the same order.
const Entry& entry(Activation a) { return kActivations[static_cast<size_t>(a)]; }

}  // namespace

const char* activation_name(Activation a) { return entry(a).name; }

bool activation_is_nonnegative(Activation a) { return entry(a).nonnegative; }

bool activation_from_name(const std::string& name, Activation& out) {
  for (const Entry& e : kActivations)
    if (name == e.name) {
      out = e.id;
      return true;
    }
  return false;
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const Entry& e : kActivations) names.emplace_back(e.name);
  return names;
}

}  // namespace imc::config
