// SPDX-License-Identifier: MIT
#include "configs/sweep_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "configs/config_error.h"
#include "configs/data_config.h"
#include "configs/detail/sobol.h"
#include "configs/hw_config.h"
#include "tests/test_util.h"

namespace imc::config {
namespace {

const std::string kBase = "[sweep]\nnetworks = [\"lenet\"]\n[hardware]\nconfig = \"hw.toml\"\n";

std::string error(const std::string& text) {
  return test::error_of<ConfigError>([&] { sweep_points(parse_sweep_config(text, "sw.toml")); });
}

TEST(SweepConfig, GridIsTheProductOfTheAxesLastAxisFastest) {
  const SweepConfig c = parse_sweep_config(kBase +
                                               "[[axes]]\nkey = \"adc.bits\"\nvalues = [4, 8]\n"
                                               "[[axes]]\nkey = \"crossbar.rows\"\nrange = [64, 256]\nstep = 64\n"
                                               "[[axes]]\nkey = \"noc.inter_tile_bandwidth_gbps\"\nrange = [5.0, "
                                               "20.0]\ncount = 3\nlog = true\n",
                                           "sw.toml");
  EXPECT_EQ(c.name, "sw");
  EXPECT_EQ(c.level, "analytic");
  const auto points = sweep_points(c);
  ASSERT_EQ(points.size(), 2u * 4 * 3);
  EXPECT_EQ(points[0][0].value_text, "4");
  EXPECT_EQ(points[0][1].value_text, "64");
  EXPECT_EQ(points[0][2].value_text, "5.0");
  EXPECT_EQ(points[1][2].value_text, "10.0");  // log grid: 5, 10, 20
  EXPECT_EQ(points[2][2].value_text, "20.0");
  EXPECT_EQ(points[3][1].value_text, "128");
  EXPECT_EQ(points.back()[0].value_text, "8");
}

TEST(SweepConfig, RandomDesignIsSeededAndInRange) {
  const std::string text = kBase +
                           "[design]\nkind = \"random\"\npoints = 50\nseed = 3\n"
                           "[[axes]]\nkey = \"adc.sample_rate_gsps\"\nrange = [0.5, 2.0]\ncount = 2\n";
  const auto a = sweep_points(parse_sweep_config(text, "sw.toml"));
  const auto b = sweep_points(parse_sweep_config(text, "sw.toml"));
  ASSERT_EQ(a.size(), 50u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i][0].value_text, b[i][0].value_text) << "same seed, same points";
    const double v = std::stod(a[i][0].value_text);
    EXPECT_GE(v, 0.5);
    EXPECT_LE(v, 2.0);
  }
}

TEST(Sobol, FirstPointsAreTheKnownSequence) {
  const auto p = detail::sobol_points(2, 8, 0, false);
  const std::vector<std::vector<double>> expected{{0, 0},         {0.5, 0.5},     {0.75, 0.25},   {0.25, 0.75},
                                                  {0.375, 0.375}, {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625}};
  EXPECT_EQ(p, expected);
}

// The first 2^k points put exactly one point in each of the 2^k equal intervals of every
// dimension, with or without a digital shift.
TEST(Sobol, EveryDimensionIsBalancedShiftedOrNot) {
  for (const bool shift : {false, true}) {
    const auto p = detail::sobol_points(detail::kMaxSobolDimensions, 256, 7, shift);
    for (int d = 0; d < detail::kMaxSobolDimensions; ++d) {
      std::vector<int> bins(256, 0);
      for (const auto& x : p) ++bins[static_cast<size_t>(x[static_cast<size_t>(d)] * 256)];
      EXPECT_EQ(*std::min_element(bins.begin(), bins.end()), 1) << "dimension " << d << ", shift " << shift;
    }
  }
  EXPECT_NE(detail::sobol_points(3, 4, 1, true), detail::sobol_points(3, 4, 2, true)) << "a seed per shift";
  EXPECT_THROW(detail::sobol_points(22, 4, 0, false), std::invalid_argument);
}

TEST(SweepConfig, SobolDesignCoversEveryValueOfEachAxis) {
  const auto points = sweep_points(parse_sweep_config(kBase + "[design]\nkind = \"sobol\"\npoints = 8\n"
                                                              "[[axes]]\nkey = \"adc.bits\"\nvalues = [4, 5, 6, 7]\n"
                                                              "[[axes]]\nkey = \"crossbar.rows\"\nvalues = [64, 128]\n",
                                                      "sw.toml"));
  ASSERT_EQ(points.size(), 8u);
  std::map<std::string, int> bits, rows;
  for (const auto& p : points) {
    ++bits[p[0].value_text];
    ++rows[p[1].value_text];
  }
  EXPECT_EQ(bits, (std::map<std::string, int>{{"4", 2}, {"5", 2}, {"6", 2}, {"7", 2}}));
  EXPECT_EQ(rows, (std::map<std::string, int>{{"128", 4}, {"64", 4}}));
}

// A path the file system cannot look up (a name longer than it allows) is a path that is not
// there, found by the fuzzer: an error like any missing file, never an uncaught exception.
// `imcnas sweep adc-xbar-resnet18` from any directory: the shipped sweeps are built in by name.
TEST(SweepConfig, ShippedSweepsLoadByNameWithTheFilesText) {
  int shipped = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("configs/sweeps"))) {
    SCOPED_TRACE(entry.path().string());
    const SweepConfig by_name = load_sweep_config(entry.path().stem().string());
    EXPECT_EQ(by_name.text, test::read_text(entry.path().string()));
    EXPECT_EQ(load_hw_config(by_name.hw_config).name, load_hw_config("mnsim-2024").name);
    ++shipped;
  }
  EXPECT_GE(shipped, 4);
  EXPECT_THROW(load_sweep_config("no-such-sweep"), ConfigError);
}

TEST(SweepConfig, AnOverlongPathIsAMissingFileNotACrash) {
  const std::string name(5000, 'x');
  SweepConfig c;
  EXPECT_NO_THROW(c = parse_sweep_config("[sweep]\nnetworks = [\"lenet\"]\n[hardware]\nconfig = \"" + name +
                                             "\"\n[[axes]]\nkey = \"adc.bits\"\nvalues = [4]\n",
                                         "sw.toml"));
  EXPECT_THROW(load_hw_config(c.hw_config), ConfigError);
  EXPECT_THROW(load_data_config(name), ConfigError);
}

TEST(SweepConfig, BadSweepsNameFileLineAndKey) {
  EXPECT_NE(error(kBase + "[[axes]]\nkey = \"adc.bits\"\nvalues = []\n").find("axes[0].values: is empty"),
            std::string::npos);
  EXPECT_NE(error(kBase).find("expected at least one [[axes]] table"), std::string::npos);
  EXPECT_NE(error(kBase + "[[axes]]\nkey = \"adc.sample_rate_gsps\"\nrange = [1.0, 2.0]\n").find("axes[0].count"),
            std::string::npos)
      << "a float range on a grid needs its number of points";
  const std::string big = error(
      "[sweep]\nnetworks = [\"lenet\"]\nmax_points = 100\n[hardware]\nconfig = \"hw.toml\"\n"
      "[[axes]]\nkey = \"crossbar.rows\"\nrange = [1, 1000]\nstep = 1\n");
  EXPECT_NE(big.find("the grid has 1000 points x 1 networks, more than sweep.max_points = 100"), std::string::npos)
      << big;
  EXPECT_NE(error(kBase + "[[axes]]\nkey = \"adc.bits\"\nvalues = [4]\n[sweep.typo]\n").find("sw.toml"),
            std::string::npos);
  EXPECT_NE(error("[sweep]\nnetworks = []\n[hardware]\nconfig = \"x\"\n").find("sweep.networks: is empty"),
            std::string::npos);
}

// A newline in a value ran every point and failed only at plotting, and report and --resume
// could never finish; a NaN bound printed as "nan.0". Both are refused when the file is read
// (issue 27, item 12).
TEST(SweepConfig, ControlCharactersAndNonFiniteNumbersAreRefusedWhenRead) {
  std::string msg = error(kBase + "[[axes]]\nkey = \"chip.placement\"\nvalues = [\"spiral\", \"snake\\nx\"]\n");
  EXPECT_NE(msg.find("sw.toml:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("axes[0].values: element 1 is a string holding the control character 0x0a"), std::string::npos)
      << msg;
  msg = error(kBase + "[[axes]]\nkey = \"adc.bits\"\nrange = [nan, 4]\nstep = 1\n");
  EXPECT_NE(msg.find("axes[0].range: element is float nan"), std::string::npos) << msg;
  msg = error(kBase + "[[axes]]\nkey = \"crossbar.read_latency_ns\"\nvalues = [1.0, inf]\n");
  EXPECT_NE(msg.find("expected a finite number"), std::string::npos) << msg;
}

// The design is counted before it is built, and points are decoded one at a time: an int axis
// of 2^40 values, or a 100,000 x 1,000 grid under its own max_points, allocated until bad_alloc
// before a point ran (issue 27, item 15).
TEST(SweepConfig, TheDesignIsCountedBeforeItIsBuiltAndDecodedPointByPoint) {
  const std::string huge_axis = kBase + "[[axes]]\nkey = \"adc.bits\"\nrange = [1, 1099511627776]\nstep = 1\n";
  EXPECT_NE(error(huge_axis).find("the grid has 1099511627776 points"), std::string::npos) << error(huge_axis);

  const SweepConfig big = parse_sweep_config(
      "[sweep]\nnetworks = [\"lenet\"]\nmax_points = 100000000\n[hardware]\nconfig = \"hw.toml\"\n"
      "[[axes]]\nkey = \"crossbar.rows\"\nrange = [1, 100000]\nstep = 1\n"
      "[[axes]]\nkey = \"adc.bits\"\nrange = [1, 1000]\nstep = 1\n",
      "sw.toml");
  const SweepDesign design(big);
  ASSERT_EQ(design.size(), 100000000);
  const std::vector<Override> last = design.point(design.size() - 1);
  EXPECT_EQ(last.at(0).value_text, "100000");
  EXPECT_EQ(last.at(1).value_text, "1000");
  EXPECT_EQ(design.point(1001).at(0).value_text, "2");  // the last axis fastest
  EXPECT_EQ(design.point(1001).at(1).value_text, "2");
  // The order and values of grid, random and Sobol' points are pinned by the tests above,
  // which read them through sweep_points (now built from SweepDesign).
}

}  // namespace
}  // namespace imc::config
