// SPDX-License-Identifier: MIT
// Routing functions are plain C++ (no elaboration).
#include <gtest/gtest.h>

#include "configs/policy_names.h"
#include "systemc_models/noc/routing/routing_function.h"

namespace imc::sim {
namespace {

std::string letters(const std::vector<LinkDirection>& route) {
  std::string out;
  for (LinkDirection d : route) out += direction_letter(d);
  return out;
}

TEST(Routing, TheRegistryImplementsTheConfigLayersNames) {
  EXPECT_EQ(routing_registry().names(), config::routing_names());
  EXPECT_THROW(routing_registry().at("west_first"), config::UnknownPolicyError);
}

TEST(Routing, XyGoesAlongTheRowFirstThenAlongTheColumn) {
  const RoutingFunction& xy = *routing_registry().at("xy");
  std::vector<LinkDirection> route{LinkDirection::North};  // the buffer is replaced, not appended to
  xy.route({3, 2}, {0, 0}, route);
  EXPECT_EQ(letters(route), "WWNNN");
  xy.route({0, 0}, {2, 3}, route);
  EXPECT_EQ(letters(route), "EEESS");
  xy.route({1, 1}, {1, 1}, route);
  EXPECT_TRUE(route.empty());
  mapping::MeshPos at{0, 0};
  xy.route(at, {2, 3}, route);
  for (LinkDirection d : route) at = step(at, d);
  EXPECT_EQ(at, (mapping::MeshPos{2, 3}));
}

TEST(Routing, YxGoesAlongTheColumnFirstThenAlongTheRow) {
  const RoutingFunction& yx = *routing_registry().at("yx");
  std::vector<LinkDirection> route;
  yx.route({3, 2}, {0, 0}, route);
  EXPECT_EQ(letters(route), "NNNWW");
  yx.route({0, 0}, {2, 3}, route);
  EXPECT_EQ(letters(route), "SSEEE");
}

}  // namespace
}  // namespace imc::sim
