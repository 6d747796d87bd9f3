// SPDX-License-Identifier: MIT
#include "configs/registry.h"

#include <gtest/gtest.h>

#include "configs/converters/converter_model.h"

namespace imc::config {
namespace {

TEST(Registry, LooksUpByNameAndListsTheNamesOnAMiss) {
  Registry<int> r("widget");
  r.add("a", 1).add("b", 2);
  EXPECT_EQ(r.at("b"), 2);
  EXPECT_EQ(r.names(), (std::vector<std::string>{"a", "b"}));
  try {
    r.at("c");
    FAIL() << "no throw";
  } catch (const UnknownPolicyError& e) {
    EXPECT_STREQ(e.what(), "unknown widget 'c', expected one of: a, b");
  }
}

TEST(Registry, RefusesANameTwiceAndANameListItDoesNotImplement) {
  Registry<int> r("widget");
  r.add("a", 1);
  EXPECT_THROW(r.add("a", 2), std::logic_error);
  EXPECT_NO_THROW(r.require_names({"a"}));
  EXPECT_THROW(r.require_names({"a", "b"}), std::logic_error);  // the config accepts a name nobody implements
  EXPECT_THROW(r.require_names({}), std::logic_error);
}

TEST(ConverterModels, TheConfigLayerAcceptsExactlyTheRegisteredModels) {
  EXPECT_EQ(converter_models().names(), (std::vector<std::string>{"fixed", "survey", "table"}));
  ConverterConfig c;
  c.bits = 6;
  c.power_mw = 2;
  c.area_um2 = 100;
  c.sample_rate_gsps = 1;
  ConverterConfig fixed = c;
  converter_models().at("fixed")->resolve(fixed, {8, true, 10, 175});
  EXPECT_EQ(fixed.area_um2, 100);
  ConverterConfig survey = c;
  converter_models().at("survey")->resolve(survey, {8, true, 10, 175});
  EXPECT_DOUBLE_EQ(survey.area_um2, 25);  // 2^(6 - 8) of the 8-bit capacitor array
  ConverterConfig table = c;
  EXPECT_THROW(converter_models().at("table")->resolve(table, {8, true, 10, 175}), std::invalid_argument);
}

}  // namespace
}  // namespace imc::config
