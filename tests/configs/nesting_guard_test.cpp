// SPDX-License-Identifier: MIT
#include "configs/detail/nesting_guard.h"

#include <gtest/gtest.h>

#include "configs/config_error.h"
#include "configs/hw_config.h"
#include "configs/net_spec.h"
#include "configs/overrides.h"
#include "configs/search_config.h"

namespace imc::config {
namespace {

std::string repeated(const std::string& part, const std::string& sep, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? sep : "") + part;
  return out;
}

std::string error_of(const std::string& text) {
  try {
    parse_hw_config(text, "deep.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(NestingGuard, DeepDottedKeysAndHeadersAreRefusedBeforeTomlRecursesOnThem) {
  // 50,000 parts overflowed toml++'s stack (SIGSEGV) before the guard.
  const std::string key = repeated("a", ".", 50000);
  for (const std::string& text :
       {key + " = 1\n", "[" + key + "]\n", "[[" + key + "]]\n", "x = 1\n[t]\n" + key + "=1"}) {
    const std::string msg = error_of(text);
    EXPECT_NE(msg.find("deep.toml:"), std::string::npos) << msg.substr(0, 200);
    EXPECT_NE(msg.find("at most 128"), std::string::npos) << msg.substr(0, 200);
  }
  EXPECT_NE(error_of("x = 1\n\n[" + key + "]\n").find("deep.toml:3:"), std::string::npos);
}

TEST(NestingGuard, DeepArraysAndInlineTablesAreRefusedToo) {
  EXPECT_NE(error_of("v = " + std::string(50000, '[') + std::string(50000, ']')).find("at most 128"),
            std::string::npos);
  std::string inline_tables = "v = " + repeated("{a=", "", 20000) + "1" + std::string(20000, '}');
  EXPECT_NE(error_of(inline_tables).find("at most 128"), std::string::npos);
  EXPECT_NE(error_of("v = {" + repeated("a", ".", 500) + " = 1}").find("at most 128"), std::string::npos);
}

TEST(NestingGuard, StringsCommentsAndNumbersDoNotCount) {
  using detail::measure_nesting;
  EXPECT_EQ(measure_nesting("name = \"a.b.c[[[[{{{\"\n").depth, 1u);
  EXPECT_EQ(measure_nesting("name = 'a.b.c[[[['  # x.y.z [[[\n").depth, 1u);
  EXPECT_EQ(measure_nesting("doc = \"\"\"\n[a.b.c.d]\n\"\"\"\nv = 1.5e3\n").depth, 1u);
  EXPECT_EQ(measure_nesting("[a.b]\nc.d = [1, [2]]\n").depth, 6u);
  EXPECT_LT(measure_nesting(read_hw_config_text("mnsim-2024")).depth, 10u);
}

TEST(NestingGuard, DeepOverrideKeysAreRefused) {
  const std::string text = read_hw_config_text("mnsim-2024");
  try {
    parse_hw_config(text, "hw.toml", parse_overrides({repeated("a", ".", 50000) + "=1"}));
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("at most 128"), std::string::npos) << std::string(e.what()).substr(0, 200);
  }
}

}  // namespace
}  // namespace imc::config
