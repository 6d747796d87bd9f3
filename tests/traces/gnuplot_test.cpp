// SPDX-License-Identifier: MIT
// Plots are rendered by gnuplot without a shell, and no user text is interpreted.
#include "traces/gnuplot.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/test_util.h"

namespace imc::traces {
namespace {

namespace fs = std::filesystem;

TEST(Gnuplot, StringDoublesQuotesAndRejectsControlCharacters) {
  EXPECT_EQ(gnuplot_string("plain"), "'plain'");
  EXPECT_EQ(gnuplot_string("it's `x` @y"), "'it''s `x` @y'");
  EXPECT_THROW(gnuplot_string("a\nsystem 'touch x'"), std::invalid_argument);
  EXPECT_THROW(gnuplot_string(std::string("a\rb")), std::invalid_argument);
}

TEST(Gnuplot, TitleAndPathTextIsNeverRun) {
  const fs::path dir = fs::path(testing::TempDir()) / "gnuplot_injection";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string marker = (dir / "PWNED").string();
  const std::string evil = "x'; system 'touch " + marker + "'; set output 'y";
  const std::string evil_backquote = "`touch " + marker + "` @evil";
  const std::string out = (dir / "plot.svg").string();
  render_plot(out, 300, 200,
              "set title " + gnuplot_string(evil) + " noenhanced\nset xlabel " + gnuplot_string(evil_backquote) +
                  "\nplot x notitle\n");
  EXPECT_FALSE(fs::exists(marker)) << "text in a title ran a command";
  const std::string svg = imc::test::read_text(out);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("system"), std::string::npos) << "the title is drawn as text";
  // An output name with gnuplot syntax in it is just a name: it never enters the script.
  const std::string odd = (dir / "a'; system 'touch PWNED'; b.svg").string();
  render_plot(odd, 300, 200, "plot x notitle\n");
  EXPECT_TRUE(fs::exists(odd));
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_FALSE(fs::exists(dir / "PWNED"));
}

TEST(Gnuplot, FailuresSayWhatFailedAndKeepTheOldPlot) {
  const fs::path dir = fs::path(testing::TempDir()) / "gnuplot_failures";
  fs::remove_all(dir);
  fs::create_directories(dir);
  try {
    render_plot((dir / "missing" / "p.svg").string(), 300, 200, "plot x\n");
    FAIL() << "a missing output directory must fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_THROW(render_plot((dir / "p.eps").string(), 300, 200, "plot x\n"), std::runtime_error);
  const std::string out = (dir / "p.svg").string();
  render_plot(out, 300, 200, "plot x notitle\n");
  const std::string good = imc::test::read_text(out);
  try {
    render_plot(out, 300, 200, "plot no_such_function(x)\n");
    FAIL() << "a script error must fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("gnuplot failed"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("installed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(imc::test::read_text(out), good) << "a failed render leaves the old plot";
  size_t left = 0;
  for (const auto& f : fs::directory_iterator(dir)) left += f.path().filename() != "p.svg";
  EXPECT_EQ(left, 0u) << "no temporary file is left beside the plot";
}

TEST(Gnuplot, TempDirIsPrivateAndRemoved) {
  std::string kept;
  {
    const TempDir tmp;
    kept = tmp.file("x.dat");
    std::ofstream(kept) << "1 2\n";
    EXPECT_TRUE(fs::exists(kept));
    const auto perms = fs::status(fs::path(kept).parent_path()).permissions();
    EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  }
  EXPECT_FALSE(fs::exists(kept));
  EXPECT_FALSE(fs::exists(fs::path(kept).parent_path()));
}

}  // namespace
}  // namespace imc::traces
