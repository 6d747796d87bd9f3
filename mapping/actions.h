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

/// What the flit-level routers did (noc.mode = "flit"), per action; noc.*_pj_per_bit and
/// noc.*_allocation_pj price them.
struct FlitActions {
  uint64_t buffer_writes = 0;
  uint64_t buffer_reads = 0;
  uint64_t crossbar_traversals = 0;
  uint64_t link_traversals = 0;  ///< flits sent on mesh links (not the ejection port)
  uint64_t vc_allocations = 0;   ///< VCs granted
  uint64_t sw_allocations = 0;   ///< switch grants
  FlitActions& operator+=(const FlitActions& o) {
    buffer_writes += o.buffer_writes;
    buffer_reads += o.buffer_reads;
    crossbar_traversals += o.crossbar_traversals;
    link_traversals += o.link_traversals;
    vc_allocations += o.vc_allocations;
    sw_allocations += o.sw_allocations;
    return *this;
  }
  /// The actions of `packets` packets of `flits` flits each over `hops` links in all, in a mesh of
  /// input-queued routers on minimal routes: a packet passes hops + 1 routers, each of which
  /// writes, reads and switches every flit and allocates one VC; every link carries every flit.
  static FlitActions of_packets(int flits, int64_t hops, int64_t packets) {
    const auto f = static_cast<uint64_t>(flits), routers = static_cast<uint64_t>(hops + packets);
    FlitActions a;
    a.buffer_writes = a.buffer_reads = a.crossbar_traversals = a.sw_allocations = f * routers;
    a.link_traversals = f * static_cast<uint64_t>(hops);
    a.vc_allocations = routers;
    return a;
  }
};

struct LayerCounters {
  std::array<ComponentCount, kComponentCount> by_component{};
  FlitActions flit;
  ComponentCount& operator[](Component c) { return by_component[static_cast<int>(c)]; }
  const ComponentCount& operator[](Component c) const { return by_component[static_cast<int>(c)]; }
};

}  // namespace imc::mapping
