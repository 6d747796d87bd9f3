// SPDX-License-Identifier: MIT
// noc.routing = "west_first": Glass and Ni's turn model, minimal and adaptive. A packet whose
// destination lies west goes west first (no turn into the west is allowed later); otherwise it
// may take any productive direction, east, north or south, and the flit routers pick the output
// with the most free buffer space downstream. Deadlock-free on a mesh without extra VCs.
// The packet modes, which see no buffers, take the first permitted hop each time: west, then
// east, then along the column, the same route as xy.
#include "systemc_models/noc/routing/routing_function.h"

namespace imc::sim::routing {
namespace {

class WestFirst : public RoutingFunction {
 public:
  void route(const mapping::MeshPos& src, const mapping::MeshPos& dst, std::vector<LinkDirection>& out) const override {
    dimension_order_route(src, dst, true, out);
  }
  bool adaptive() const override { return true; }
  void next_hops(const mapping::MeshPos& at, const mapping::MeshPos& dst,
                 std::vector<LinkDirection>& hops) const override {
    hops.clear();
    if (dst.col < at.col) {
      hops.push_back(LinkDirection::West);
      return;
    }
    if (dst.col > at.col) hops.push_back(LinkDirection::East);
    if (dst.row > at.row) hops.push_back(LinkDirection::South);
    if (dst.row < at.row) hops.push_back(LinkDirection::North);
  }
};

}  // namespace

std::shared_ptr<const RoutingFunction> make_west_first() { return std::make_shared<WestFirst>(); }

}  // namespace imc::sim::routing
