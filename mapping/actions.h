// SPDX-License-Identifier: MIT
// What a layer did, component by component: the counts both models fill. The SystemC chip
// counts as its modules work (systemc_models/common/activity.h); the analytic model counts
// from its pixel times (cost_model.cpp). One pricing turns either into energy (pricing.h).
#pragma once

#include <array>
#include <cstdint>

namespace imc::mapping {

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
  Activation,  ///< the activation units (sigmoid, hard_swish, ...): actions are elements
};
constexpr int kComponentCount = 14;
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

}  // namespace imc::mapping
