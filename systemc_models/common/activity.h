// SPDX-License-Identifier: MIT
// What modules count. Every action is charged both to the module's own stats
// and to the layer it worked for; energy tables price the counts afterwards.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace imc::sim {

enum class Component {
  Xbar,
  Dac,
  Adc,
  Digital,       ///< input/output registers, shift-add, joint
  InputBuffer,   ///< PE line buffers (pooling: the tile input buffer)
  OutputBuffer,  ///< tile output buffer, writes
  MergeRead,     ///< tile output buffer, reads for the inter-tile merge
  IntraTile,     ///< PE to adder tree
  Pooling,
  Accumulator,
  GlobalBuffer,
  Noc,
  Dram,
};
constexpr int kComponentCount = 13;
const char* component_name(Component c);

/// Counts of one component. busy_ns is summed over instances: two PEs busy
/// for 10 ns count 20 ns, so power x busy_ns is energy.
struct ComponentCount {
  uint64_t actions = 0;  ///< reads, conversions, accesses, packets, adds
  double busy_ns = 0;
  double bits = 0;  ///< bits moved (NoC: bit-hops)
};

struct LayerCounters {
  std::array<ComponentCount, kComponentCount> by_component{};
  ComponentCount& operator[](Component c) { return by_component[static_cast<int>(c)]; }
  const ComponentCount& operator[](Component c) const { return by_component[static_cast<int>(c)]; }
};

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
