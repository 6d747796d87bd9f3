// SPDX-License-Identifier: MIT
// End-to-end: networks run on the elaborated chip. One chip per test process.
#include "systemc_models/chip/chip.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "mapping/buffer_fit.h"
#include "tests/mapping/mapping_test_util.h"
#include "tests/systemc_models/chip/chip_test_util.h"
#include "workloads/library.h"

namespace imc::sim {
namespace {

using test::map_builtin;

class HopsModeMatchesAnalytic : public ::testing::TestWithParam<const char*> {};

// The two share their timing rules, the global accumulator's queue included (mapping/schedule.h):
// they agree to the picosecond rounding of SystemC time, so 10 ppm catches any rule one lacks
// (resnet18 was 800 ppm apart while the analytic model did not queue its residual adds).
TEST_P(HopsModeMatchesAnalytic, ToTheRoundingOfSystemCTime) {
  const config::HwConfig hw = test::mnsim_hw();
  const mapping::Mapping m = map_builtin(GetParam(), hw);
  const mapping::Estimate analytic = mapping::estimate(m);
  Chip chip("chip", hw, used_tiles(m));
  const SimResult r = chip.run(m);
  EXPECT_NEAR(r.latency_ns, analytic.latency_ns, 1e-5 * analytic.latency_ns);
  EXPECT_NEAR(r.mnsim_energy_pj, analytic.mnsim_energy_pj, 0.005 * analytic.mnsim_energy_pj);
  // What MNSIM leaves out is priced from the same counts in both: the chip counts the packets it
  // routes and the adder trees it reserves, the analytic model the same from the mapping.
  EXPECT_NEAR(r.energy.total_pj(), analytic.energy.total_pj(), 0.005 * analytic.energy.total_pj());
  EXPECT_GT(analytic.energy.noc_pj, 0);
  EXPECT_NEAR(r.energy.noc_pj, analytic.energy.noc_pj, 1e-9 * analytic.energy.noc_pj);
  EXPECT_NEAR(r.energy.adder_pj, analytic.energy.adder_pj, 1e-9 * analytic.energy.adder_pj);
  EXPECT_NEAR(r.energy.accumulator_pj, analytic.energy.accumulator_pj, 1e-9 * analytic.energy.accumulator_pj);
  ASSERT_EQ(r.layers.size(), analytic.layers.size());
  for (size_t i = 0; i < r.layers.size(); ++i)
    EXPECT_NEAR(r.layers[i].finish_ns, analytic.layers[i].finish_ns, 1e-5 * analytic.latency_ns) << r.layers[i].name;
  EXPECT_DOUBLE_EQ(r.area_mm2, analytic.area_mm2);
}

INSTANTIATE_TEST_SUITE_P(Nets, HopsModeMatchesAnalytic,
                         ::testing::Values("lenet", "alexnet", "modela", "vgg8", "resnet18", "nacim", "mobilenet"));

TEST(Chip, PerLayerBitsMatchTheAnalyticModel) {
  // nacim with 4-bit weights and 6-bit activations on every other conv.
  config::NetSpec spec = workloads::resolve_net_spec({"nacim", {}, {}, 256});
  int k = 0;
  for (config::LayerSpec& l : spec.layers)
    if (l.kind == config::LayerKind::Conv2d && k++ % 2 == 0) {
      l.weight_bits = 4;
      l.activation_bits = 6;
    }
  const config::HwConfig hw = test::mnsim_hw();
  const mapping::Mapping m = mapping::map_network(workloads::Network::build(spec), hw);
  const mapping::Mapping chip_bits = map_builtin("nacim", hw);
  const mapping::Estimate analytic = mapping::estimate(m);
  Chip chip("chip", hw);
  const SimResult r = chip.run(m);
  EXPECT_NEAR(r.latency_ns, analytic.latency_ns, 0.005 * analytic.latency_ns);
  EXPECT_NEAR(r.mnsim_energy_pj, analytic.mnsim_energy_pj, 0.005 * analytic.mnsim_energy_pj);
  EXPECT_LT(m.pes, chip_bits.pes);                                                    // fewer weight slices
  EXPECT_LT(analytic.mnsim_energy_pj, mapping::estimate(chip_bits).mnsim_energy_pj);  // fewer DAC cycles
}

// issue 26: padding per side ([top, left, bottom, right], TensorFlow's SAME of even kernels)
// moves where each window starts in both models alike.
TEST(Chip, UnequalPaddingMatchesTheAnalyticModel) {
  const workloads::Network net = workloads::Network::build(config::parse_net_text(R"(name = "same"
[[layer]]
name = "input"
kind = "input"
height = 32
width = 32
channels = 3
[[layer]]
name = "c1"
kind = "conv2d"
out_channels = 32
kernel = 2
padding = [0, 0, 1, 1]
[[layer]]
name = "r1"
kind = "relu"
[[layer]]
name = "p1"
kind = "maxpool"
kernel = 2
[[layer]]
name = "c2"
kind = "conv2d"
out_channels = 64
kernel = 4
stride = 2
padding = [1, 1, 2, 2]
[[layer]]
name = "r2"
kind = "relu"
[[layer]]
name = "p2"
kind = "avgpool"
kernel = 2
stride = 1
padding = [0, 0, 1, 1]
count_include_pad = false
[[layer]]
name = "f"
kind = "flatten"
[[layer]]
name = "fc"
kind = "linear"
out_features = 10
)",
                                                                                  "same.toml"));
  const config::HwConfig hw = test::mnsim_hw();
  const mapping::Mapping m = mapping::map_network(net, hw);
  const mapping::Estimate analytic = mapping::estimate(m);
  Chip chip("chip", hw);
  const SimResult r = chip.run(m);
  EXPECT_NEAR(r.latency_ns, analytic.latency_ns, 1e-5 * analytic.latency_ns);
  EXPECT_NEAR(r.mnsim_energy_pj, analytic.mnsim_energy_pj, 0.005 * analytic.mnsim_energy_pj);
}

TEST(Chip, ReplicatedWeightsMatchTheAnalyticModel) {
  // Copies take pixels in turn and release them in order, in both models; resnet18's faster
  // layers make its residual adds queue at the global accumulator, in both models too (they
  // were 4.1 % apart while the analytic model did not queue them).
  const config::HwConfig hw = test::mnsim_hw({"mapping.replication=balance"});
  Chip chip("chip", hw);
  for (const char* net : {"modela", "vgg8", "resnet18"}) {
    const mapping::Mapping m = map_builtin(net, hw);
    const mapping::Estimate analytic = mapping::estimate(m);
    const SimResult r = chip.run(m);
    EXPECT_NEAR(r.latency_ns, analytic.latency_ns, 1e-5 * analytic.latency_ns) << net;
    EXPECT_NEAR(r.mnsim_energy_pj, analytic.mnsim_energy_pj, 0.005 * analytic.mnsim_energy_pj) << net;
    const SimResult once = chip.run(map_builtin(net, test::mnsim_hw()));
    EXPECT_LT(r.latency_ns, 0.6 * once.latency_ns) << net;  // copies run in parallel (resnet18: 1.9x)
    EXPECT_NEAR(r.mnsim_energy_pj, once.mnsim_energy_pj, 1e-6 * once.mnsim_energy_pj) << net;  // the same work
  }
}

// A tile input buffer just big enough for vgg8's largest window (10,944 bytes): producers are
// held back while their consumers' buffers are full, the pipeline loses some overlap, and no
// buffer ever holds more than its capacity.
TEST(Chip, AFullInputBufferHoldsTheProducerBackAndRaisesLatency) {
  const config::HwConfig hw = test::mnsim_hw({"buffer.tile_input_bytes=10944"});
  const mapping::Mapping m = map_builtin("vgg8", hw);
  Chip chip("chip", hw, used_tiles(m));
  const SimResult r = chip.run(m);
  const mapping::Estimate analytic = mapping::estimate(m);
  EXPECT_GT(r.latency_ns, analytic.latency_ns * 1.001) << "the stall shows in the latency";
  double waited_ns = 0;
  for (const LayerResult& l : r.layers) waited_ns += l.wait_buffer_ns;
  EXPECT_GT(waited_ns, 100e3) << "some producer waited on buffer space";
  EXPECT_GT(r.layers.front().wait_buffer_ns, 0) << "conv1 runs ahead of conv2 until conv2's buffer is full";
  double fullest = 0;
  for (const LayerResult& l : r.layers) {
    EXPECT_LE(l.peak_input_buffer_bytes, 10944 + 1e-6) << l.name << ": never more than the buffer holds";
    fullest = std::max(fullest, l.peak_input_buffer_bytes);
  }
  EXPECT_GT(fullest, 10944 * 0.9) << "some buffer was (nearly) full";
}

TEST(Chip, ContentionIsNeverFasterThanHops) {
  const config::HwConfig hw = test::mnsim_hw({"noc.mode=contention"});
  Chip chip("chip", hw);  // the whole mesh: several networks run on it
  for (const char* net : {"modela", "resnet18"}) {
    const mapping::Mapping m = map_builtin(net, hw);
    const mapping::Mapping hops = map_builtin(net, test::mnsim_hw());
    const SimResult r = chip.run(m);
    EXPECT_GE(r.latency_ns, mapping::estimate(hops).latency_ns) << net;
    double waited = 0;
    for (const LayerResult& l : r.layers) waited += l.wait_resource_ns;
    EXPECT_GT(waited, 0) << net << ": shared links must make someone wait";
  }
}

TEST(Chip, RepeatedRunsOnOneChipAreBitIdentical) {
  const config::HwConfig hw = test::mnsim_hw();
  Chip chip("chip", hw);
  const mapping::Mapping a = map_builtin("modela", hw);
  const mapping::Mapping b = map_builtin("lenet", hw);
  const SimResult first = chip.run(a);
  chip.run(b);  // state is reset between workloads
  const SimResult again = chip.run(a);
  EXPECT_EQ(first.latency_ns, again.latency_ns);
  EXPECT_EQ(first.energy.total_pj(), again.energy.total_pj());
  ASSERT_EQ(first.layers.size(), again.layers.size());
  for (size_t i = 0; i < first.layers.size(); ++i) {
    EXPECT_EQ(first.layers[i].finish_ns, again.layers[i].finish_ns);
    for (int c = 0; c < kComponentCount; ++c) {
      EXPECT_EQ(first.layers[i].counters.by_component[c].actions, again.layers[i].counters.by_component[c].actions);
      EXPECT_EQ(first.layers[i].counters.by_component[c].busy_ns, again.layers[i].counters.by_component[c].busy_ns);
    }
  }
}

// A sweep or a search runs without per-module statistics; every other number is the same. Runs
// alternate between the two and between two hardware points, so no derived cost outlives its point.
TEST(Chip, TotalsOnlyRunsGiveTheSameResultsAsFullRuns) {
  const config::HwConfig hw = test::mnsim_hw();
  config::HwConfig slow = hw;
  slow.buffer.access_time_ns *= 3;
  slow.noc.mode = config::NocMode::Contention;
  Chip chip("chip", hw);
  RunOptions totals;
  totals.module_stats = false;
  for (const config::HwConfig* point : std::vector<const config::HwConfig*>{&hw, &slow, &hw}) {
    const mapping::Mapping m = map_builtin("resnet18", *point);
    const SimResult full = chip.run(m);
    const SimResult fast = chip.run(m, totals);
    EXPECT_FALSE(full.modules.empty());
    EXPECT_TRUE(fast.modules.empty());
    EXPECT_EQ(full.latency_ns, fast.latency_ns);
    EXPECT_EQ(full.energy.total_pj(), fast.energy.total_pj());
    ASSERT_EQ(full.layers.size(), fast.layers.size());
    for (size_t i = 0; i < full.layers.size(); ++i) {
      EXPECT_EQ(full.layers[i].finish_ns, fast.layers[i].finish_ns);
      EXPECT_EQ(full.layers[i].wait_resource_ns, fast.layers[i].wait_resource_ns);
      for (int c = 0; c < kComponentCount; ++c)
        EXPECT_EQ(full.layers[i].counters.by_component[c].busy_ns, fast.layers[i].counters.by_component[c].busy_ns);
    }
  }
}

TEST(Chip, ABatchStreamsThroughThePipeline) {
  const config::HwConfig hw = test::mnsim_hw();
  const mapping::Mapping m = map_builtin("modela", hw);
  Chip chip("chip", hw, used_tiles(m));
  RunOptions opts;
  opts.batch = 4;
  const SimResult r = chip.run(m, opts);
  const double single = mapping::estimate(m).latency_ns;
  EXPECT_NEAR(r.latency_ns, single, 0.005 * single);  // the first image is not slowed
  EXPECT_LT(r.makespan_ns, 4 * single);               // images overlap
  EXPECT_GT(r.throughput_inferences_per_s, 1e9 / single);
  EXPECT_NEAR(r.mnsim_energy_pj, mapping::estimate(m).mnsim_energy_pj, 0.005 * r.mnsim_energy_pj);  // per inference
}

TEST(Chip, ADeadlockNamesTheStuckLayerAndTheChipRunsOnAfterwards) {
  const config::HwConfig hw = test::mnsim_hw();
  const mapping::Mapping m = map_builtin("modela", hw);
  Chip chip("chip", hw, used_tiles(m));
  Program broken = compile_program(m);
  broken.tasks[1].inputs[0].needed[5] = 5000;  // a pixel b1_conv1 never produces
  const std::string error = imc::test::error_of<SimulationError>([&] { chip.run(m, broken); });
  EXPECT_NE(error.find("deadlocked"), std::string::npos) << error;
  EXPECT_NE(error.find("layer b1_conv2 stopped after 5 of 1024 pixels, waiting for pixel 5000 of b1_conv1"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("layer b1_pool"), std::string::npos) << error;  // its consumers starve too

  const SimResult r = chip.run(m);
  EXPECT_NEAR(r.latency_ns, mapping::estimate(m).latency_ns, 0.005 * r.latency_ns);
}

// The mapper's completion check plays the controller's order rules: one KiB below the size it
// names, the chip deadlocks (bypassing the check); at that size it finishes.
TEST(Chip, TheMappersSmallestTileInputBufferIsWhereTheChipStopsDeadlocking) {
  const mapping::Mapping roomy =
      mapping::map_network(mapping::test::dense_pattern(32), test::mnsim_hw({"buffer.tile_input_bytes=1048576"}));
  const double smallest = mapping::smallest_tile_input_bytes(roomy);
  config::HwConfig hw = roomy.hw;
  hw.buffer.tile_input_bytes = smallest - 1024;
  mapping::Mapping tight = roomy;
  tight.hw = hw;
  Chip chip("chip", hw, used_tiles(tight));
  const std::string error = imc::test::error_of<SimulationError>([&] { chip.run(tight); });
  EXPECT_NE(error.find("deadlocked"), std::string::npos) << error;
  EXPECT_NE(error.find("waiting on buffer space in the input buffer of d"), std::string::npos) << error;

  mapping::Mapping fits = roomy;
  fits.hw.buffer.tile_input_bytes = smallest;
  const SimResult r = chip.run(fits);
  EXPECT_NEAR(r.latency_ns, mapping::estimate(fits).latency_ns, 0.005 * r.latency_ns);
}

// Activation units and the accumulator's products, as a squeeze-and-excitation block uses them:
// the chip times and counts them as the analytic model does.
TEST(Chip, ActivationUnitsAndProductsMatchTheAnalyticModel) {
  const config::HwConfig hw = test::mnsim_hw();
  const mapping::Mapping m = mapping::map_network(mapping::test::se_block(true), hw);
  const mapping::Estimate analytic = mapping::estimate(m);
  Chip chip("chip", hw, used_tiles(m));
  const SimResult r = chip.run(m);
  EXPECT_NEAR(r.latency_ns, analytic.latency_ns, 1e-5 * analytic.latency_ns);
  EXPECT_GT(analytic.energy.activation_pj, 0);
  EXPECT_NEAR(r.energy.activation_pj, analytic.energy.activation_pj, 1e-9 * analytic.energy.activation_pj);
  EXPECT_NEAR(r.energy.accumulator_pj, analytic.energy.accumulator_pj, 1e-9 * analytic.energy.accumulator_pj);
  EXPECT_NEAR(r.energy.total_pj(), analytic.energy.total_pj(), 1e-6 * analytic.energy.total_pj());
}

/// `imcnas simulate --json` of `net` with the overrides, in its own process.
nlohmann::json simulate_in_a_new_process(const std::string& net, const std::vector<std::string>& sets) {
  std::string cmd = "cd '" + std::string(IMCNAS_SOURCE_DIR) + "' && '" + IMCNAS_BINARY +
                    "' simulate --hw configs/hw/mnsim-2024.toml " + net + " --json";
  for (const std::string& s : sets) {  // the test's own key=value texts; quoted all the same
    if (s.find('\'') != std::string::npos) ADD_FAILURE() << "a quote in " << s;
    cmd += " --set '" + s + "'";
  }
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  pclose(pipe);
  return nlohmann::json::parse(out);
}

void expect_same_run(const SimResult& r, const nlohmann::json& j) {
  EXPECT_EQ(r.latency_ns, j.at("latency_ns").get<double>());  // bit-identical, not near
  EXPECT_EQ(r.energy.total_pj(), j.at("energy_pj").at("total").get<double>());
  EXPECT_EQ(r.area_mm2, j.at("area_mm2").get<double>());
  ASSERT_EQ(r.layers.size(), j.at("layers").size());
  for (size_t i = 0; i < r.layers.size(); ++i)
    EXPECT_EQ(r.layers[i].finish_ns, j.at("layers")[i].at("finish_ns").get<double>()) << r.layers[i].name;
}

// One elaborated chip runs hardware point A, then B, then A: every timing, energy and capacity
// comes from the mapping's hardware, so each run equals a fresh `imcnas simulate` process.
TEST(Chip, HardwarePointsABAOnOneChipEqualSeparateProcesses) {
  const std::vector<std::string> b_sets{"adc.bits=6",
                                        "adc.power_mw=1.1",
                                        "crossbar.read_latency_ns=5",
                                        "noc.inter_tile_bandwidth_gbps=10",
                                        "noc.mode=contention",
                                        "buffer.access_time_ns=15",
                                        "tile.pes_per_tile=2"};
  const config::HwConfig a = test::mnsim_hw();
  const config::HwConfig b = test::mnsim_hw(b_sets);
  Chip chip("chip", a);
  const SimResult first = chip.run(map_builtin("modela", a));
  const SimResult second = chip.run(map_builtin("modela", b));
  const SimResult third = chip.run(map_builtin("modela", a));
  const nlohmann::json a_alone = simulate_in_a_new_process("modela", {});
  const nlohmann::json b_alone = simulate_in_a_new_process("modela", b_sets);
  expect_same_run(first, a_alone);
  expect_same_run(second, b_alone);
  expect_same_run(third, a_alone);
  EXPECT_NE(first.latency_ns, second.latency_ns) << "B is another chip";
  EXPECT_EQ(second.noc_mode, "contention");
}

TEST(Chip, RejectsAMappingMadeForAnotherChip) {
  const config::HwConfig hw = test::mnsim_hw();
  Chip chip("chip", hw, {0, 1, 2});
  const std::string other = imc::test::error_of<SimulationError>(
      [&] { chip.run(map_builtin("lenet", test::mnsim_hw({"chip.mesh_rows=48"}))); });
  EXPECT_NE(other.find("48x64 mesh"), std::string::npos) << other;
  EXPECT_NE(other.find("cannot hold"), std::string::npos) << other;
  EXPECT_NE(other.find("elaborated chip 'mnsim-2024'"), std::string::npos) << other;
  const std::string unbuilt = imc::test::error_of<SimulationError>([&] { chip.run(map_builtin("modela", hw)); });
  EXPECT_NE(unbuilt.find("did not elaborate"), std::string::npos) << unbuilt;
}

}  // namespace
}  // namespace imc::sim

namespace imc::sim {
namespace {

struct MnsimTarget {
  const char* net;
  double latency_ms;
  double energy_mj;
  bool energy_fitted;  ///< the preset's buffer powers were solved from this energy (docs/validation.md)
};

class MnsimValidation : public ::testing::TestWithParam<MnsimTarget> {};

// docs/validation.md: the event simulation against MNSIM 2.0's reference numbers. The
// target is 5 %; today's agreement is within 0.11 % (latency) and, out of sample, 0.06 %
// (energy), so 1 % catches a regression early. A fitted network's energy is checked as what it
// is: the fit still reproduces its equation.
TEST_P(MnsimValidation, LatencyAndOutOfSampleEnergyWithinOnePercent) {
  const MnsimTarget t = GetParam();
  const config::HwConfig hw = test::mnsim_hw();
  const mapping::Mapping m = test::map_builtin(t.net, hw);
  Chip chip("chip", hw, used_tiles(m));
  const SimResult r = chip.run(m);
  EXPECT_NEAR(r.mnsim_energy_pj / 1e9, t.energy_mj, (t.energy_fitted ? 0.001 : 0.01) * t.energy_mj)
      << (t.energy_fitted ? "a network the buffer powers were fitted to" : "out of sample");
  EXPECT_NEAR(r.latency_ns / 1e6, t.latency_ms, 0.01 * t.latency_ms);
}

INSTANTIATE_TEST_SUITE_P(Reference, MnsimValidation,
                         ::testing::Values(MnsimTarget{"modela", 1.591, 0.1545, true},
                                           MnsimTarget{"vgg8", 5.331, 3.827, false},
                                           MnsimTarget{"resnet18", 3.087, 0.9357, true}),
                         [](const auto& info) { return std::string(info.param.net); });

}  // namespace
}  // namespace imc::sim
