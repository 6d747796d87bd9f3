// SPDX-License-Identifier: MIT
// The traffic generators. BookSim's are Knuth's lagged-Fibonacci generators, checked against
// the values Knuth publishes with them (rng.c and rng-double.c, both in BookSim's source):
// seeded with 310952, the first number of the 2010th batch is 995235265 for the integers and
// 0.36410514377569680455 for the fractions. A batch hands out 100 numbers.
#include "systemc_models/noc/flit/traffic_rng.h"

#include <gtest/gtest.h>

namespace imc::sim::flit {
namespace {

constexpr int kHandedOutBefore2010thBatch = 2009 * 100;

TEST(BookSimRng, IntegersGiveKnuthsCheckValue) {
  const std::unique_ptr<TrafficRng> rng = traffic_rng_registry().at("booksim")(310952);
  constexpr int kAll = 1 << 30;  // below(2^30) is the integer itself
  for (int i = 0; i < kHandedOutBefore2010thBatch; ++i) rng->below(kAll);
  EXPECT_EQ(rng->below(kAll), 995235265);
}

TEST(BookSimRng, FractionsGiveKnuthsCheckValue) {
  const std::unique_ptr<TrafficRng> rng = traffic_rng_registry().at("booksim")(310952);
  for (int i = 0; i < kHandedOutBefore2010thBatch; ++i) rng->uniform();
  EXPECT_EQ(rng->uniform(), 0.36410514377569680455);
}

TEST(BookSimRng, APacketMadeTakesOneIntegerAndNoFraction) {
  auto a = traffic_rng_registry().at("booksim")(0), b = traffic_rng_registry().at("booksim")(0);
  a->packet_made();
  b->below(1 << 30);
  EXPECT_EQ(a->below(1 << 30), b->below(1 << 30));
  EXPECT_EQ(a->uniform(), b->uniform());
}

TEST(TrafficRng, SeedsGiveTheirOwnStreamsAndTheSameSeedTheSameOne) {
  for (const std::string name : {"mt19937", "booksim"}) {
    auto a = traffic_rng_registry().at(name)(1), b = traffic_rng_registry().at(name)(1);
    auto c = traffic_rng_registry().at(name)(2);
    int same_as_other_seed = 0;
    for (int i = 0; i < 1000; ++i) {
      const double x = a->uniform();
      ASSERT_GE(x, 0.0);
      ASSERT_LT(x, 1.0);
      ASSERT_EQ(x, b->uniform()) << name;
      same_as_other_seed += x == c->uniform();
    }
    EXPECT_LT(same_as_other_seed, 5) << name;
  }
  EXPECT_THROW(traffic_rng_registry().at("lcg"), config::UnknownPolicyError);
}

}  // namespace
}  // namespace imc::sim::flit
