// SPDX-License-Identifier: MIT
// What modules count. Every action is charged both to the module's own stats
// and to the layer it worked for; mapping/pricing.h prices the counts afterwards.
#pragma once

#include <cstdint>
#include <string>

#include "mapping/actions.h"

namespace imc::sim {

using mapping::Component;
using mapping::component_name;
using mapping::ComponentCount;
using mapping::kComponentCount;
using mapping::LayerCounters;

/// The layer a request works for; modules add their counts to it.
struct Activity {
  int layer = -1;
  const std::string* layer_name = nullptr;
  LayerCounters* counters = nullptr;
  void count(Component c, uint64_t actions, double busy_ns, double bits = 0) const {
    if (!counters) return;
    ComponentCount& k = (*counters)[c];
    k.actions += actions;
    k.busy_ns += busy_ns;
    k.bits += bits;
  }
};

}  // namespace imc::sim
