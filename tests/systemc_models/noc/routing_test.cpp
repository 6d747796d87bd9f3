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
  EXPECT_THROW(routing_registry().at("o1turn"), config::UnknownPolicyError);
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

// West-first: west first and only, else any productive direction; the packet modes follow xy.
TEST(Routing, WestFirstGoesWestFirstAndOtherwiseOffersEveryProductiveDirection) {
  const RoutingFunction& wf = *routing_registry().at("west_first");
  EXPECT_TRUE(wf.adaptive());
  EXPECT_FALSE(routing_registry().at("xy")->adaptive());
  std::vector<LinkDirection> hops;
  wf.next_hops({2, 2}, {0, 0}, hops);  // north-west: west only
  EXPECT_EQ(letters(hops), "W");
  wf.next_hops({2, 2}, {0, 3}, hops);  // north-east: both
  EXPECT_EQ(letters(hops), "EN");
  wf.next_hops({2, 2}, {3, 2}, hops);  // straight south
  EXPECT_EQ(letters(hops), "S");
  wf.route({3, 2}, {0, 0}, hops);
  EXPECT_EQ(letters(hops), "WWNNN");
}

TEST(Routing, TheObliviousNextHopIsTheRoutesFirst) {
  for (const char* name : {"xy", "yx"}) {
    const RoutingFunction& f = *routing_registry().at(name);
    std::vector<LinkDirection> route, hops;
    for (const mapping::MeshPos dst : {mapping::MeshPos{0, 0}, {0, 3}, {3, 2}, {3, 3}, {2, 0}}) {
      f.route({2, 2}, dst, route);
      f.next_hops({2, 2}, dst, hops);
      ASSERT_EQ(hops.size(), 1u);
      EXPECT_EQ(hops.front(), route.front()) << name;
    }
  }
}

}  // namespace
}  // namespace imc::sim
