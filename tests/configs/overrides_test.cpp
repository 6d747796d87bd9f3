// SPDX-License-Identifier: MIT
#include "configs/overrides.h"

#include <gtest/gtest.h>

#include "configs/config_error.h"

namespace imc::config {
namespace {

TEST(Overrides, SplitsKeyAndValue) {
  const auto ov = parse_overrides({"adc.bits=6", "chip.placement=\"snake\""});
  ASSERT_EQ(ov.size(), 2u);
  EXPECT_EQ(ov[0].key_path, "adc.bits");
  EXPECT_EQ(ov[0].value_text, "6");
  EXPECT_EQ(ov[1].value_text, "\"snake\"");
  EXPECT_EQ(ov[0].origin, "--set adc.bits=6");
}

TEST(Overrides, ValueMayContainEquals) { EXPECT_EQ(parse_overrides({"name=a=b"})[0].value_text, "a=b"); }

TEST(Overrides, RejectsAValueWithANewline) { EXPECT_THROW(parse_overrides({"adc.bits=6\nx = 1"}), ConfigError); }

TEST(Overrides, RejectsMalformedArguments) {
  for (const char* bad : {"adc.bits", "=6", "adc.bits=", ".bits=6", "adc..bits=6", "adc.=6"}) {
    EXPECT_THROW(parse_overrides({bad}), ConfigError) << bad;
  }
}

}  // namespace
}  // namespace imc::config
