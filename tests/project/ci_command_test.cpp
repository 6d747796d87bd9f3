// SPDX-License-Identifier: MIT
// CI must run exactly what the README tells a user to run for the tests.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/test_util.h"

namespace imc {
namespace {

/// The shell lines of the first ```sh block of README.md.
std::vector<std::string> readme_setup_commands() {
  std::istringstream in(test::read_text(test::source_path("README.md")));
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      if (inside) break;
      inside = line == "```sh";
      continue;
    }
    if (inside && !line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

TEST(Project, ReadmeStartsWithTwoSetupCommands) {
  const auto commands = readme_setup_commands();
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_NE(commands[0].find("run"), std::string::npos) << commands[0];
  EXPECT_NE(commands[1].find("test"), std::string::npos) << commands[1];
}

TEST(Project, CiRunsTheReadmeTestCommand) {
  const auto commands = readme_setup_commands();
  ASSERT_EQ(commands.size(), 2u);
  std::istringstream ci(test::read_text(test::source_path(".ci/run")));
  bool found = false;
  for (std::string line; std::getline(ci, line);) found = found || line == commands[1];
  EXPECT_TRUE(found) << ".ci/run does not contain the README's test command: " << commands[1];
}

}  // namespace
}  // namespace imc
