// SPDX-License-Identifier: MIT
// The registered routing functions, and the mesh geometry they share.
#include <cstdlib>

#include "configs/policy_names.h"
#include "systemc_models/noc/routing/routing_function.h"

namespace imc::sim {

char direction_letter(LinkDirection d) {
  switch (d) {
    case LinkDirection::East:
      return 'E';
    case LinkDirection::West:
      return 'W';
    case LinkDirection::North:
      return 'N';
    case LinkDirection::South:
      return 'S';
  }
  return '?';
}

mapping::MeshPos step(const mapping::MeshPos& at, LinkDirection d) {
  switch (d) {
    case LinkDirection::East:
      return {at.row, at.col + 1};
    case LinkDirection::West:
      return {at.row, at.col - 1};
    case LinkDirection::North:
      return {at.row - 1, at.col};
    case LinkDirection::South:
      return {at.row + 1, at.col};
  }
  return at;
}

void dimension_order_route(const mapping::MeshPos& src, const mapping::MeshPos& dst, bool x_first,
                           std::vector<LinkDirection>& route) {
  const auto along_row = [&] {
    route.insert(route.end(), static_cast<size_t>(std::abs(dst.col - src.col)),
                 dst.col > src.col ? LinkDirection::East : LinkDirection::West);
  };
  const auto along_column = [&] {
    route.insert(route.end(), static_cast<size_t>(std::abs(dst.row - src.row)),
                 dst.row > src.row ? LinkDirection::South : LinkDirection::North);
  };
  route.clear();
  if (x_first) {
    along_row();
    along_column();
  } else {
    along_column();
    along_row();
  }
}

namespace routing {
#define IMC_ROUTING(name) std::shared_ptr<const RoutingFunction> make_##name();
#include "configs/policies/routings.def"
#undef IMC_ROUTING
}  // namespace routing

const RoutingRegistry& routing_registry() {
  static const RoutingRegistry registry = [] {
    RoutingRegistry r("routing function");
#define IMC_ROUTING(name) r.add(#name, routing::make_##name());
#include "configs/policies/routings.def"
#undef IMC_ROUTING
    r.require_names(config::routing_names());
    return r;
  }();
  return registry;
}

}  // namespace imc::sim
