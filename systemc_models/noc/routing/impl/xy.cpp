// SPDX-License-Identifier: MIT
// noc.routing = "xy": dimension-order routing, along the row (X, the columns) first, then along
// the column (Y, the rows). BookSim's `dor` on a 2-D mesh; deadlock-free without VCs.
#include "systemc_models/noc/routing/routing_function.h"

namespace imc::sim::routing {
namespace {

class Xy : public RoutingFunction {
 public:
  void route(const mapping::MeshPos& src, const mapping::MeshPos& dst, std::vector<LinkDirection>& out) const override {
    dimension_order_route(src, dst, true, out);
  }
  void next_hops(const mapping::MeshPos& at, const mapping::MeshPos& dst,
                 std::vector<LinkDirection>& hops) const override {
    hops.assign(1, dst.col != at.col ? (dst.col > at.col ? LinkDirection::East : LinkDirection::West)
                                     : (dst.row > at.row ? LinkDirection::South : LinkDirection::North));
  }
};

}  // namespace

std::shared_ptr<const RoutingFunction> make_xy() { return std::make_shared<Xy>(); }

}  // namespace imc::sim::routing
