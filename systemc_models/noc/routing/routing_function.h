// SPDX-License-Identifier: MIT
// A routing function of the mesh NoC (noc.routing): the output port a packet takes at each
// router from its source to its destination. Variants in impl/, one file each, registered by
// their line in configs/policies/routings.def. The chip walks the
// route it returns (link reservations, link statistics) and records it in the trace, which
// the trace inspector follows as it is (traces/trace_summary.cpp).
#pragma once

#include <memory>
#include <vector>

#include "configs/registry.h"
#include "mapping/mapping.h"

namespace imc::sim {

/// A router's output port toward a neighbour.
enum class LinkDirection { East, West, North, South };

/// "E", "W", "N" or "S".
char direction_letter(LinkDirection d);
/// The router one hop from `at` toward `d` (rows grow southward, columns eastward).
mapping::MeshPos step(const mapping::MeshPos& at, LinkDirection d);

/// Dimension-order route from src to dst: along the row first (x_first), else along the column.
void dimension_order_route(const mapping::MeshPos& src, const mapping::MeshPos& dst, bool x_first,
                           std::vector<LinkDirection>& route);

class RoutingFunction {
 public:
  virtual ~RoutingFunction() = default;
  /// Replaces `route` with the output ports from `src` to `dst`, in order (empty when equal).
  /// The buffer is the caller's, so a route costs no allocation once it has grown.
  virtual void route(const mapping::MeshPos& src, const mapping::MeshPos& dst,
                     std::vector<LinkDirection>& route) const = 0;
  /// Whether the flit routers may choose among several next hops by congestion (next_hops).
  /// The packet modes, which see no buffers, follow route().
  virtual bool adaptive() const { return false; }
  /// Replaces `hops` with the output ports a packet at `at` may take toward `dst` (at != dst), in
  /// order of preference when they are equally free. An oblivious function: route()'s first.
  virtual void next_hops(const mapping::MeshPos& at, const mapping::MeshPos& dst,
                         std::vector<LinkDirection>& hops) const {
    route(at, dst, hops);
    hops.resize(1);
  }
};

using RoutingRegistry = config::Registry<std::shared_ptr<const RoutingFunction>>;
const RoutingRegistry& routing_registry();

}  // namespace imc::sim
