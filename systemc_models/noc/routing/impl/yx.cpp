// SPDX-License-Identifier: MIT
// noc.routing = "yx": dimension-order routing the other way round, along the column (Y, the rows)
// first, then along the row. Deadlock-free without VCs, as xy; it loads the other links, so the
// two tell how much a layout's congestion owes to the routing order.
#include "systemc_models/noc/routing/routing_function.h"

namespace imc::sim::routing {
namespace {

class Yx : public RoutingFunction {
 public:
  void route(const mapping::MeshPos& src, const mapping::MeshPos& dst, std::vector<LinkDirection>& out) const override {
    dimension_order_route(src, dst, false, out);
  }
  void next_hops(const mapping::MeshPos& at, const mapping::MeshPos& dst,
                 std::vector<LinkDirection>& hops) const override {
    hops.assign(1, dst.row != at.row ? (dst.row > at.row ? LinkDirection::South : LinkDirection::North)
                                     : (dst.col > at.col ? LinkDirection::East : LinkDirection::West));
  }
};

}  // namespace

std::shared_ptr<const RoutingFunction> make_yx() { return std::make_shared<Yx>(); }

}  // namespace imc::sim::routing
