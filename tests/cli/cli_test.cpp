// SPDX-License-Identifier: MIT
// Runs the imcnas binary as a user would and checks output and exit codes.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/cli/cli_runner.h"
#include "tests/test_util.h"

namespace imc::cli {
namespace {

using test::alive;
using test::children_of;
using test::CliRun;
using test::imcnas;
using test::imcnas_background;

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(Cli, NetShowPrintsTableAndTotals) {
  const CliRun r = imcnas("net show lenet");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("conv3"), std::string::npos);
  EXPECT_NE(r.output.find("total params: 62,006"), std::string::npos) << r.output;
}

TEST(Cli, NetShowJson) {
  const CliRun r = imcnas("net show --json blocks:VGG/16 --input 28x28x1 --classes 10");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"schema\": \"imcnas.net.v1\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"total_macs\""), std::string::npos);
}

TEST(Cli, NetDotWritesGraphviz) {
  const CliRun r = imcnas("net dot resnet18");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("digraph", 0), 0u) << r.output;
}

TEST(Cli, HelpWorksForEverySubcommand) {
  for (const char* cmd :
       {"--help", "net --help", "net show --help", "net dot --help", "hw --help", "hw check --help", "map --help"}) {
    const CliRun r = imcnas(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << cmd;
  }
}

TEST(Cli, BadNetworkFileFailsWithLocation) {
  const std::string path = write_temp("bad_net.toml",
                                      "name = \"bad\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = 8\n"
                                      "width = 8\nchannels = 3\n[[layer]]\nname = \"c\"\nkind = \"conv2d\"\n"
                                      "out_chanels = 4\nkernel = 3\n");
  const CliRun r = imcnas("net show " + path);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(path + ":11:15: layer[1].out_chanels: unknown key (did you mean 'out_channels'?)"),
            std::string::npos)
      << r.output;
}

TEST(Cli, MissingNetworkFileFails) {
  const CliRun r = imcnas("net show /nonexistent/net.toml");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/net.toml: cannot open file"), std::string::npos) << r.output;
}

TEST(Cli, BadInputShapeFails) {
  const CliRun r = imcnas("net show lenet --input 32x32");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("expected HxWxC"), std::string::npos) << r.output;
}

TEST(Cli, HwCheckAcceptsThePresetAndAnOverride) {
  const CliRun r = imcnas("hw check configs/hw/mnsim-2024.toml --set adc.bits=6");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ADC 6 bits"), std::string::npos) << r.output;
}

TEST(Cli, HwCheckJson) {
  const CliRun r = imcnas("hw check configs/hw/mnsim-2024.toml --set adc.bits=6 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j.at("schema"), "imcnas.hw.v1");
  EXPECT_EQ(j.at("adc_bits"), 6);
}

TEST(Cli, HelpShowsDefaultsAndNoFlagInternals) {
  const CliRun sim = imcnas("simulate --help");
  EXPECT_NE(sim.output.find("=2000000"), std::string::npos) << "the default of --trace-max-events\n" << sim.output;
  const CliRun report = imcnas("report --help");
  EXPECT_EQ(report.output.find("{false}"), std::string::npos) << report.output;
}

TEST(Cli, HwCheckRejectsATypoInAnOverride) {
  const CliRun r = imcnas("hw check configs/hw/mnsim-2024.toml --set adc.bitz=6");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("--set adc.bitz=6: adc.bitz: unknown key"), std::string::npos) << r.output;
}

TEST(Cli, HwCheckRejectsAMalformedFile) {
  const std::string path = write_temp("bad_hw.toml", "name = \"x\"\n[chip\nmesh_rows = 4\n");
  const CliRun r = imcnas("hw check " + path);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(path + ":2:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("malformed TOML"), std::string::npos) << r.output;
}

TEST(Cli, MapPrintsTotalsAndAnalyticEstimate) {
  const CliRun r = imcnas("map --hw configs/hw/mnsim-2024.toml modela");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("totals: 44 tiles, 170 PEs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("analytic latency:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("mJ"), std::string::npos) << r.output;
}

TEST(Cli, MapJsonHasUnitsInNames) {
  const CliRun r = imcnas("map --hw configs/hw/mnsim-2024.toml lenet --json --set chip.placement=traffic");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"schema\": \"imcnas.map.v1\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"latency_ns\""), std::string::npos);
  EXPECT_NE(r.output.find("\"area_mm2\""), std::string::npos);
}

TEST(Cli, MapOfANetworkThatDoesNotFitFailsCleanly) {
  const CliRun r = imcnas("map --hw configs/hw/edge-small.toml resnet18");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("mapping error: network 'resnet18' needs 493 tiles but chip 'edge-small' has 64"),
            std::string::npos)
      << r.output;
}

// A buffer too small is an error that names the key and the size; --fit-buffers raises it.
TEST(Cli, MapFitBuffersRaisesATooSmallBufferAndSaysWhich) {
  const CliRun small = imcnas("map --hw configs/hw/mnsim-2024.toml modela --set buffer.tile_input_bytes=1024");
  EXPECT_EQ(small.exit_code, 1) << small.output;
  EXPECT_NE(small.output.find("set buffer.tile_input_bytes to at least"), std::string::npos) << small.output;
  const CliRun fitted =
      imcnas("map --hw configs/hw/mnsim-2024.toml modela --set buffer.tile_input_bytes=1024 --fit-buffers");
  EXPECT_EQ(fitted.exit_code, 0) << fitted.output;
  EXPECT_NE(fitted.output.find("fit-buffers: buffer.tile_input_bytes = "), std::string::npos) << fitted.output;
  EXPECT_NE(fitted.output.find("(was 1024)"), std::string::npos) << fitted.output;
  EXPECT_NE(fitted.output.find("totals: 44 tiles"), std::string::npos) << fitted.output;
  const CliRun preset = imcnas("map --hw configs/hw/mnsim-2024.toml modela --fit-buffers --json");
  EXPECT_EQ(preset.exit_code, 0) << preset.output;
  EXPECT_NE(preset.output.find("\"fitted_buffers\": []"), std::string::npos) << preset.output;
}

TEST(Cli, SimulatePrintsLatencyEnergyAndTheAnalyticComparison) {
  const CliRun r = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("latency: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ms per inference (analytic"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("energy (MNSIM-comparable): "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("TOPS/W"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("SystemC 2."), std::string::npos) << "no library banner";
}

TEST(Cli, SimulateJsonIsSelfDescribing) {
  const CliRun r = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet --batch 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j.at("schema"), "imcnas.sim.v1");
  EXPECT_EQ(j.at("batch"), 3);
  EXPECT_GT(j.at("throughput_inferences_per_s").get<double>(), 0);
  EXPECT_NEAR(j.at("latency_ns").get<double>(), j.at("analytic_latency_ns").get<double>(),
              0.005 * j.at("latency_ns").get<double>());
  EXPECT_TRUE(j.at("layers").at(0).at("counts").contains("adc"));
}

TEST(Cli, SimulateWritesTracesAndTraceSummaryReadsThem) {
  const std::string dir = testing::TempDir() + "imcnas_cli_trace";
  const CliRun sim = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet --set noc.mode=contention --trace " + dir +
                            " --trace-format perfetto,csv");
  ASSERT_EQ(sim.exit_code, 0) << sim.output;
  EXPECT_NE(imc::test::read_text(dir + "/layers.csv").find("# imcnas per-layer statistics"), std::string::npos);
  EXPECT_NE(imc::test::read_text(dir + "/modules.csv").find("module,busy_ns,uses,utilization"), std::string::npos);
  const CliRun sum = imcnas("trace summary " + dir + " --heatmap " + dir + "/links.svg");
  ASSERT_EQ(sum.exit_code, 0) << sum.output;
  EXPECT_NE(sum.output.find("critical path: conv1 -> "), std::string::npos) << sum.output;
  EXPECT_NE(sum.output.find("busiest NoC links"), std::string::npos) << sum.output;
  EXPECT_NE(imc::test::read_text(dir + "/links.svg").find("<svg"), std::string::npos);
}

TEST(Cli, TraceSummaryShowsWaitingOnBufferSpace) {
  const std::string dir = testing::TempDir() + "buffer_wait_trace";
  const CliRun sim =
      imcnas("simulate --hw configs/hw/mnsim-2024.toml vgg8 --set buffer.tile_input_bytes=10944 --trace " + dir +
             " --trace-layers conv1");
  ASSERT_EQ(sim.exit_code, 0) << sim.output;
  const CliRun summary = imcnas("trace summary " + dir + " --json");
  ASSERT_EQ(summary.exit_code, 0) << summary.output;
  const nlohmann::json j = nlohmann::json::parse(summary.output);
  EXPECT_GT(j.at("layers").at(0).at("wait_buffer_ns").get<double>(), 100e3) << summary.output.substr(0, 2000);
  const CliRun text = imcnas("trace summary " + dir);
  EXPECT_NE(text.output.find("waiting on buffer space"), std::string::npos);
}

// A full disk: every trace file is complete or absent, and the error names the file. Root only.
TEST(Cli, SimulateTraceOnAFullDiskFailsAndLeavesNoPartialFile) {
  const std::string dir = testing::TempDir() + "full_disk_trace";
  std::filesystem::create_directories(dir);
  if (::geteuid() != 0 || ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") != 0)
    GTEST_SKIP() << "needs root to mount a small tmpfs";
  for (const char* format : {"perfetto", "vcd"}) {
    const CliRun r =
        imcnas("simulate --hw configs/hw/mnsim-2024.toml modela --trace " + dir + "/t --trace-format " + format);
    EXPECT_EQ(r.exit_code, 1) << format << "\n" << r.output;
    EXPECT_NE(r.output.find("No space left on device"), std::string::npos) << r.output;
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir + "/t"), {}), 0) << format << ": no partial file";
  }
  ::umount(dir.c_str());
}

TEST(Cli, SimulateWritesVcdThroughSystemC) {
  const std::string dir = testing::TempDir() + "imcnas_cli_vcd";
  const CliRun r = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet --trace " + dir + " --trace-format vcd");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string vcd = imc::test::read_text(dir + "/trace.vcd");
  EXPECT_NE(vcd.find("$scope module conv1 $end"), std::string::npos);
  EXPECT_NE(vcd.find("waiting_for_input"), std::string::npos);
  EXPECT_NE(vcd.find("queue_depth"), std::string::npos);
  EXPECT_NE(vcd.find("#"), std::string::npos) << "value changes over time";
}

TEST(Cli, SimulateTraceVolumeControls) {
  const std::string dir = testing::TempDir() + "imcnas_cli_trace_small";
  const CliRun r = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet --trace " + dir +
                          " --trace-layers conv1 --trace-window-ns 0:5000 --trace-max-events 50");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("(50 events, "), std::string::npos) << r.output;
  const CliRun bad = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet --trace " + dir + " --trace-window-ns 9:3");
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("--trace-window-ns"), std::string::npos) << bad.output;
}

TEST(Cli, SimulateOfANetworkThatDoesNotFitFailsCleanly) {
  const CliRun r = imcnas("simulate --hw configs/hw/edge-small.toml resnet18");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("mapping error"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("tiles"), std::string::npos) << r.output;
}

TEST(Cli, TraceSummaryOfAMissingOrForeignFileFails) {
  EXPECT_EQ(imcnas("trace summary /nonexistent/trace.json").exit_code, 1);
  const std::string foreign = write_temp("foreign.json", "{\"hello\": 1}");
  const CliRun r = imcnas("trace summary " + foreign);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("no traceEvents"), std::string::npos) << r.output;
}

TEST(Cli, ASavedTrainedNetworkReloadsFromOnnxWithTheSameAccuracy) {
  const std::string dir = ::testing::TempDir() + "imcnas_saved_model";
  std::filesystem::remove_all(dir);
  const std::string net = "blocks:MVGG/8 --head-hidden 16 --threads 1 --json";
  const CliRun trained = imcnas("train " + net + " --subset 600 --epochs 1 --save " + dir);
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  const nlohmann::json a = nlohmann::json::parse(trained.output.substr(trained.output.find('{')));
  EXPECT_EQ(a.at("saved").at("onnx"), dir + "/net.onnx");
  for (const char* f : {"net.toml", "weights.pt", "net.onnx"}) EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;

  // Evaluated again without training: the ONNX file holds the trained weights.
  const CliRun reloaded = imcnas("train " + dir + "/net.onnx --threads 1 --json --epochs 0");
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.output;
  EXPECT_NE(reloaded.output.find("starting from the weights in"), std::string::npos) << reloaded.output;
  const nlohmann::json b = nlohmann::json::parse(reloaded.output.substr(reloaded.output.find('{')));
  EXPECT_EQ(a.at("validation_accuracy").at("clean"), b.at("validation_accuracy").at("clean"));
  EXPECT_EQ(a.at("validation_accuracy").at("quantized"), b.at("validation_accuracy").at("quantized"));

  // The same IR from the TOML and from the ONNX file.
  const nlohmann::json from_toml = nlohmann::json::parse(imcnas("net show --json " + dir + "/net.toml").output);
  const nlohmann::json from_onnx = nlohmann::json::parse(imcnas("net show --json " + dir + "/net.onnx").output);
  EXPECT_EQ(from_toml.at("layers"), from_onnx.at("layers"));
  EXPECT_EQ(from_toml.at("total_macs"), from_onnx.at("total_macs"));

  // Weights that do not fit the network as trained here (32x32 images, 28x28 data) are an
  // error, not a crash.
  const std::string wide = dir + "/wide.onnx";
  ASSERT_EQ(imcnas("net export blocks:MVGG/8 --head-hidden 16 --input 32x32x1 -o " + wide).exit_code, 0);
  const CliRun resized = imcnas("train " + wide + " --epochs 0 --threads 1");
  EXPECT_EQ(resized.exit_code, 1) << resized.output;
  EXPECT_NE(resized.output.find("node 'fc1' (Gemm): its weight [16, 8192] ([out, in]) takes 8192 inputs, but its "
                                "input 'flatten' has 6272"),
            std::string::npos)
      << resized.output;
}

TEST(Cli, TrainOnAFashionMnistSubsetReportsEveryAccuracy) {
  const CliRun r = imcnas(
      "train blocks:MVGG/8 --head-hidden 16 --subset 600 --epochs 1 --variation-sigma 0.1 "
      "--variation-samples 2 --threads 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string json = r.output.substr(r.output.find('{'));
  const nlohmann::json j = nlohmann::json::parse(json);
  EXPECT_EQ(j.at("schema"), "imcnas.train.v1");
  EXPECT_EQ(j.at("status"), "ok");
  EXPECT_GT(j.at("validation_accuracy").at("clean").get<double>(), 0.3);  // 10 classes: chance is 0.1
  EXPECT_TRUE(j.at("validation_accuracy").at("variation").contains("std"));
}

TEST(Cli, TrainWithAMissingDatasetFailsWithThePath) {
  const std::string data = write_temp("missing_data.toml",
                                      "name = \"m\"\nformat = \"idx\"\ntrain_images = \"/nonexistent/a.gz\"\n"
                                      "train_labels = \"/nonexistent/b.gz\"\ntest_images = \"/nonexistent/c.gz\"\n"
                                      "test_labels = \"/nonexistent/d.gz\"\n");
  const CliRun r = imcnas("train lenet --data " + data);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("dataset error: /nonexistent/a.gz: no such file"), std::string::npos) << r.output;
  const CliRun typo = imcnas("train lenet --data " + write_temp("typo_data.toml", "name = \"m\"\nformt = \"idx\"\n"));
  EXPECT_EQ(typo.exit_code, 1) << typo.output;
  EXPECT_NE(typo.output.find("typo_data.toml:2"), std::string::npos) << typo.output;
}

TEST(Cli, MapPlotDrawsThePlacementWithGnuplot) {
  const std::string svg = testing::TempDir() + "placement.svg";
  const CliRun r = imcnas("map --hw configs/hw/mnsim-2024.toml modela --plot " + svg);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string text = imc::test::read_text(svg);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("b3_shortcut"), std::string::npos) << "layers are named on the colour bar";
  // Temporary files go to a private TMPDIR here, which must be empty after each run.
  const std::string tmp = testing::TempDir() + "plot_tmpdir";
  std::filesystem::create_directories(tmp);
  auto leftovers = [&] { return std::distance(std::filesystem::directory_iterator(tmp), {}); };
  const CliRun good = imcnas("map --hw configs/hw/mnsim-2024.toml modela --plot " + svg, "TMPDIR=" + tmp);
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_EQ(leftovers(), 0) << "a plot leaves no temporary file behind";
  const std::string pdf = testing::TempDir() + "placement.pdf";  // for a LaTeX paper
  const CliRun paper = imcnas("map --hw configs/hw/mnsim-2024.toml modela --plot " + pdf, "TMPDIR=" + tmp);
  EXPECT_EQ(paper.exit_code, 0) << paper.output;
  EXPECT_EQ(imc::test::read_text(pdf).rfind("%PDF", 0), 0u);
  const CliRun bad = imcnas("map --hw configs/hw/mnsim-2024.toml modela --plot /tmp/placement.eps", "TMPDIR=" + tmp);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("expected a .svg, .png or .pdf"), std::string::npos) << bad.output;
  EXPECT_EQ(leftovers(), 0) << "a refused plot name leaves no temporary file behind";
}

TEST(Cli, PlotFileNameIsNeverRunAsGnuplotCode) {
  const std::string dir = testing::TempDir() + "plot_injection/";
  std::filesystem::create_directories(dir);
  const std::string marker = dir + "PWNED";
  // The reproducer of the probe, once with a plain name and once inside a directory.
  for (const std::string& name : {std::string("x.svg'; system 'touch ") + marker + "'; set output 'y.svg",
                                  dir + "x.svg'; system 'touch " + marker + "'; set output '" + dir + "y.svg"}) {
    const CliRun r = imcnas("map --hw configs/hw/mnsim-2024.toml lenet --plot \"" + name + "\"");
    EXPECT_FALSE(std::filesystem::exists(marker)) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir + "y.svg"));
  }
  std::filesystem::remove(std::string(IMCNAS_SOURCE_DIR) + "/x.svg'; system 'touch " + marker + "'; set output 'y.svg");
}

// Options that were accepted silently, or failed with a bare "stod", are clear errors.
TEST(Cli, MisusedOptionsAreClearErrors) {
  const std::string sim = "simulate --hw configs/hw/mnsim-2024.toml lenet ";
  const std::string trace = " --trace " + testing::TempDir() + "misuse_trace";
  const std::vector<std::pair<std::string, std::string>> cases{
      {sim + "--trace-format vcd", "--trace-format needs --trace DIR"},
      {sim + trace + " --trace-layers nope", "no mapped layer 'nope'"},
      {sim + trace + " --trace-window-ns abc:5", "'abc' is not a number of ns"},
      {sim + "--trace-max-events -1", "not in range"},
      {sim + "--batch 1000000", "not in range 1 to 10000"},
      {"train lenet --threads -1", "not in range 0 to 1024"},
      {"train lenet --threads 100000", "not in range 0 to 1024"},
      {"train lenet --set adc.bits=6", "needs --hw"},
      {"train nope", "not a built-in name"},
      {"net show blocks:VGG/16,", "an empty block"},
      {"net show lenet --classes 0", "not in range 1 to 1048576"},
      {"hw check configs/hw/mnsim-2024.toml --set 'adc.bits=6\nx=1'", "control character"},
      {"map --hw configs/hw/mnsim-2024.toml blocks:VGG/32 --head-hidden 2000000000", "not in range 1 to 1048576"},
      {"map --hw configs/hw/mnsim-2024.toml blocks:VGG/32 --head-hidden 1048576", "weights, more than the supported"},
  };
  for (const auto& [args, expected] : cases) {
    const CliRun r = imcnas(args);
    EXPECT_NE(r.exit_code, 0) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(expected), std::string::npos) << args << "\n" << r.output;
    EXPECT_EQ(r.output.find("e+"), std::string::npos) << "bounds print as integers: " << r.output;
  }
}

TEST(Cli, SweepWritesEveryPointAndItsPlots) {
  const std::string dir = testing::TempDir() + "sweeps";
  std::filesystem::remove_all(dir);
  const std::string sweep = write_temp("sweep.toml",
                                       "[sweep]\nname = \"adc\"\nnetworks = [\"lenet\", \"modela\"]\n"
                                       "[hardware]\nconfig = \"" +
                                           std::string(IMCNAS_SOURCE_DIR) +
                                           "/configs/hw/mnsim-2024.toml\"\nset = [\"adc.model=survey\"]\n"
                                           "[[axes]]\nkey = \"adc.bits\"\nvalues = [4, 6, 8]\n");
  const CliRun r = imcnas("sweep " + sweep + " --runs-dir " + dir + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output.substr(r.output.find("{\n")));  // after the progress lines
  EXPECT_EQ(j.at("schema"), "imcnas.sweep.v1");
  ASSERT_EQ(j.at("points").size(), 6u);
  double last = 0;
  for (int i = 3; i < 6; ++i) {  // modela: ADC energy grows with its bits
    const double adc = j.at("points")[i].at("metrics").at("adc_energy_pj").get<double>();
    EXPECT_GT(adc, last);
    last = adc;
  }
  const std::string csv = imc::test::read_text(dir + "/adc/sweep.csv");
  EXPECT_NE(csv.find("network,adc.bits,feasible,reason,latency_ms"), std::string::npos) << csv.substr(0, 500);
  EXPECT_TRUE(std::filesystem::exists(dir + "/adc/plots/energy_mj_vs_adc.bits.svg"));
  const CliRun again = imcnas("sweep " + sweep + " --runs-dir " + dir);
  EXPECT_EQ(again.exit_code, 1) << "an existing sweep is not overwritten";

  const std::string broken = write_temp(
      "sweep_bad.toml", "[sweep]\nnetworks = [\"lenet\"]\n[hardware]\nconfig = \"" + std::string(IMCNAS_SOURCE_DIR) +
                            "/configs/hw/mnsim-2024.toml\"\n[[axes]]\nkey = \"adc.bitz\"\nvalues = [4]\n");
  const CliRun typo = imcnas("sweep " + broken + " --runs-dir " + dir);
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.output.find("sweep_bad.toml:5"), std::string::npos) << typo.output;
  EXPECT_NE(typo.output.find("'adc.bitz' is not a key"), std::string::npos) << typo.output;
  const std::string wrong_type = write_temp(
      "sweep_type.toml", "[sweep]\nnetworks = [\"lenet\"]\n[hardware]\nconfig = \"" + std::string(IMCNAS_SOURCE_DIR) +
                             "/configs/hw/mnsim-2024.toml\"\n[[axes]]\nkey = \"adc.bits\"\nvalues = [6, \"six\"]\n");
  const CliRun type = imcnas("sweep " + wrong_type + " --runs-dir " + dir);
  EXPECT_EQ(type.exit_code, 1);
  EXPECT_NE(type.output.find("sweep_type.toml:5"), std::string::npos) << type.output;
  EXPECT_NE(type.output.find("adc.bits: found string \"six\", expected an integer in [1, 32]; every point with this "
                             "value would be invalid in"),
            std::string::npos)
      << type.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/sweep_type")) << "refused before anything is created";
  const std::string none =
      write_temp("sweep_none.toml",
                 "[sweep]\nnetworks = [\"lenet\"]\n[hardware]\nconfig = \"" + std::string(IMCNAS_SOURCE_DIR) +
                     "/configs/hw/mnsim-2024.toml\"\n[[axes]]\nkey = \"crossbar.bits_per_cell\"\nvalues = [2, 3]\n");
  const CliRun infeasible = imcnas("sweep " + none + " --runs-dir " + dir);
  EXPECT_EQ(infeasible.exit_code, 1);
  EXPECT_NE(infeasible.output.find("every point of the sweep is infeasible"), std::string::npos) << infeasible.output;
  EXPECT_TRUE(std::filesystem::exists(dir + "/sweep_none/sweep.csv")) << "the reasons are written";
}

// Worker processes give the same sweep.csv as one process; a sweep that lost points (as a
// killed one would) is completed by --resume, again to the same sweep.csv.
TEST(Cli, SweepInWorkersAndResumedEqualsOneProcess) {
  const std::string dir = testing::TempDir() + "sweeps_jobs";
  std::filesystem::remove_all(dir);
  const std::string sweep = write_temp(
      "sweep_jobs.toml", "[sweep]\nname = \"j\"\nnetworks = [\"lenet\", \"resnet18\"]\n[hardware]\nconfig = \"" +
                             std::string(IMCNAS_SOURCE_DIR) +
                             "/configs/hw/mnsim-2024.toml\"\nset = [\"adc.model=table\"]\n"
                             "[[axes]]\nkey = \"adc.bits\"\nvalues = [4, 6, 8, 10]\n"
                             "[[axes]]\nkey = \"chip.placement\"\nvalues = [\"spiral\", \"snake\"]\n");
  const CliRun one = imcnas("sweep " + sweep + " --runs-dir " + dir + " --name one");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const CliRun two = imcnas("sweep " + sweep + " --runs-dir " + dir + " --name two --jobs 2 --no-plots");
  ASSERT_EQ(two.exit_code, 0) << two.output;
  auto body = [](const std::string& csv) { return csv.substr(csv.find('\n')); };  // the first line names the run
  const std::string reference = body(imc::test::read_text(dir + "/one/sweep.csv"));
  EXPECT_EQ(body(imc::test::read_text(dir + "/two/sweep.csv")), reference);
  for (const char* plot : {"heatmap_energy_mj_adc.bits_x_chip.placement_net0.svg",
                           "heatmap_latency_ms_adc.bits_x_chip.placement_net1.svg", "pareto_energy_vs_latency.svg"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/one/plots/" + plot)) << plot;

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/two/sweep.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DELETE FROM points WHERE idx % 3 = 1", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  std::filesystem::remove(dir + "/two/sweep.csv");
  const CliRun misuse = imcnas("sweep " + sweep + " --resume " + dir + "/two");
  EXPECT_EQ(misuse.exit_code, 1);
  EXPECT_NE(misuse.output.find("give no config"), std::string::npos) << misuse.output;
  const CliRun resumed = imcnas("sweep --resume " + dir + "/two --jobs 2 --no-plots");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming: 11 of 16 points already done"), std::string::npos) << resumed.output;
  EXPECT_NE(resumed.output.find("5 evaluated"), std::string::npos) << resumed.output;
  EXPECT_EQ(body(imc::test::read_text(dir + "/two/sweep.csv")), reference);
  const CliRun not_a_sweep = imcnas("sweep --resume " + dir);
  EXPECT_EQ(not_a_sweep.exit_code, 1);
  EXPECT_NE(not_a_sweep.output.find("no sweep.db here"), std::string::npos) << not_a_sweep.output;
}

/// A sweep's rows so far (0 while its database does not exist yet).
int sweep_rows(const std::string& db_path, const std::string& where = "1") {
  if (!std::filesystem::exists(db_path)) return 0;
  sqlite3* db = nullptr;
  int rows = 0;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_exec(
        db, ("SELECT COUNT(*) FROM points WHERE " + where).c_str(),
        [](void* out, int, char** v, char**) {
          *static_cast<int*>(out) = std::atoi(v[0]);
          return 0;
        },
        &rows, nullptr);
  }
  sqlite3_close(db);
  return rows;
}

std::string long_sweep(const std::string& name) {
  return write_temp(name + ".toml",
                    "[sweep]\nnetworks = [\"resnet18\"]\nlevel = \"simulate\"\n[hardware]\nconfig = \"" +
                        std::string(IMCNAS_SOURCE_DIR) +
                        "/configs/hw/mnsim-2024.toml\"\n[[axes]]\nkey = "
                        "\"noc.hop_latency_ns\"\nrange = [1.0, 2.0]\ncount = 2000\n");
}

// Ctrl-C stops handing out points; the finished ones are kept and --resume completes the sweep.
// A worker killed with -9 costs only its point, recorded as infeasible with the signal.
TEST(Cli, SweepSurvivesCtrlCAndAKilledWorker) {
  const std::string dir = testing::TempDir() + "sweeps_faults";
  std::filesystem::remove_all(dir);
  const std::string sweep = long_sweep("sweep_faults");
  const std::string log = dir + ".log";
  const pid_t pid = imcnas_background("sweep " + sweep + " --runs-dir " + dir + " --jobs 2 --no-plots", log);
  ASSERT_GT(pid, 0);
  const std::string db = dir + "/sweep_faults/sweep.db";
  for (int i = 0; i < 1200 && alive(pid) && sweep_rows(db) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::vector<pid_t> workers = children_of(pid);
  ASSERT_EQ(workers.size(), 2u) << imc::test::read_text(log);
  ::kill(workers[0], SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGINT);
  for (int i = 0; i < 1200 && alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(alive(pid));
  const std::string out = imc::test::read_text(log);
  EXPECT_NE(out.find("sweep interrupted"), std::string::npos) << out;
  EXPECT_NE(out.find("continue with imcnas sweep --resume"), std::string::npos) << out;
  const int kept = sweep_rows(db);
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, 2000);
  EXPECT_TRUE(children_of(pid).empty());
  EXPECT_EQ(sweep_rows(db, "reason LIKE '%was killed by signal 9 (Killed) while evaluating this point'"), 1);

  const CliRun resumed = imcnas("sweep --resume " + dir + "/sweep_faults --jobs 2 --no-plots");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(sweep_rows(db), 2000);
  EXPECT_EQ(sweep_rows(db, "feasible = 1"), 2000) << "the killed worker's point is evaluated again";
}

// Every example sweep runs, with no infeasible point.
TEST(Cli, ShippedSweepsRun) {
  const std::string dir = testing::TempDir() + "sweeps_shipped";
  std::filesystem::remove_all(dir);
  for (const auto& entry : std::filesystem::directory_iterator(std::string(IMCNAS_SOURCE_DIR) + "/configs/sweeps")) {
    const CliRun r = imcnas("sweep " + entry.path().string() + " --runs-dir " + dir + " --jobs 2 --no-plots");
    EXPECT_EQ(r.exit_code, 0) << entry.path() << "\n" << r.output;
    EXPECT_NE(r.output.find(" 0 infeasible"), std::string::npos) << entry.path() << "\n" << r.output;
  }
}

TEST(Cli, UnknownSubcommandFails) {
  const CliRun r = imcnas("nett show lenet");
  EXPECT_NE(r.exit_code, 0) << r.output;
}

// A run that could pass the end of SystemC's 64-bit picosecond clock is refused: it wrapped
// around and reported 18,000,000,001 ms against an analytic 1.0e13 ms (issue 27, item 5).
TEST(Cli, SimulatedTimeBeyondTheKernelsClockIsAnErrorNamingTheTimingKeys) {
  const CliRun r = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet --set crossbar.read_latency_ns=1e15");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("64-bit picosecond clock"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("crossbar.read_latency_ns = 1e+15"), std::string::npos) << r.output;
  const CliRun slow = imcnas("simulate --hw configs/hw/mnsim-2024.toml lenet --set crossbar.read_latency_ns=1e9");
  EXPECT_EQ(slow.exit_code, 0) << slow.output;  // 7,092 s of simulated time is within the clock
  EXPECT_NE(slow.output.find("(analytic 7092000.3330 ms, 0.00 %)"), std::string::npos) << slow.output;
}

// A resume on changed inputs mixed two chips in one sweep.csv (rows 0-649 at 3.09 ms, the rest
// at 8.43 ms), exit 0. It is refused, naming the file, unless the user accepts it; a run made
// before inputs were recorded gets them at its first resume (issue 27, item 4).
TEST(Cli, AResumeOnChangedInputsIsRefusedNamingTheFile) {
  const std::string dir = testing::TempDir() + "sweeps_inputs";
  std::filesystem::remove_all(dir);
  const std::string hw = write_temp(
      "inputs_hw.toml", imc::test::read_text(std::string(IMCNAS_SOURCE_DIR) + "/configs/hw/mnsim-2024.toml"));
  const std::string sweep = write_temp("inputs_sweep.toml",
                                       "[sweep]\nname = \"in\"\nnetworks = [\"lenet\"]\n"
                                       "[hardware]\nconfig = \"" +
                                           hw +
                                           "\"\n"
                                           "[[axes]]\nkey = \"adc.bits\"\nvalues = [6, 8]\n");
  ASSERT_EQ(imcnas("sweep " + sweep + " --runs-dir " + dir + " --no-plots").exit_code, 0);
  const std::string run = dir + "/in";
  EXPECT_EQ(imcnas("sweep --resume " + run + " --no-plots").exit_code, 0);  // unchanged: resumes
  std::ofstream(hw, std::ios::app) << "\n# edited after the sweep began\n";
  const CliRun changed = imcnas("sweep --resume " + run + " --no-plots");
  EXPECT_EQ(changed.exit_code, 1) << changed.output;
  EXPECT_NE(
      changed.output.find("hardware config " + std::filesystem::absolute(hw).lexically_normal().string() + " changed"),
      std::string::npos)
      << changed.output;
  EXPECT_NE(changed.output.find("--accept-changed-inputs"), std::string::npos) << changed.output;
  const CliRun accepted = imcnas("sweep --resume " + run + " --no-plots --accept-changed-inputs");
  EXPECT_EQ(accepted.exit_code, 0) << accepted.output;
  EXPECT_NE(accepted.output.find("resumes with changed inputs"), std::string::npos) << accepted.output;
  EXPECT_EQ(imcnas("sweep --resume " + run + " --no-plots").exit_code, 0);  // the accepted inputs are recorded

  // A sweep.db of today's schema made before inputs were recorded.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((run + "/sweep.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE inputs", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const CliRun old = imcnas("sweep --resume " + run + " --no-plots");
  EXPECT_EQ(old.exit_code, 0) << old.output;
  EXPECT_NE(old.output.find("they are recorded now"), std::string::npos) << old.output;
  std::ofstream(hw, std::ios::app) << "# edited again\n";
  EXPECT_EQ(imcnas("sweep --resume " + run + " --no-plots").exit_code, 1);
}

TEST(Cli, NocBenchMeasuresAPointWithTheIssuesJsonKeys) {
  const CliRun r = imcnas("noc bench --mesh 4x4 --traffic uniform --rate 0.02 --set noc.vcs=2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  EXPECT_EQ(j.at("schema"), "imcnas.noc-bench.v1");
  // A 4x4 mesh at low load: 3.5 routers on average, 5 cycles each plus 2 (BookSim: 19.61).
  EXPECT_NEAR(j.at("packet_latency_cycles").get<double>(), 19.6, 0.4);
  EXPECT_NEAR(j.at("hops_average").get<double>(), 3.5, 0.05);
  EXPECT_NEAR(j.at("accepted_flits_per_cycle_per_node").get<double>(), 0.02, 0.001);
  EXPECT_FALSE(j.at("saturated").get<bool>());
  for (const char* key : {"network_latency_cycles", "flit_latency_cycles", "injected_flits_per_cycle_per_node",
                          "simulated_cycles", "wall_s"})
    EXPECT_TRUE(j.contains(key)) << key;
}

TEST(Cli, NocBenchWithBookSimsGeneratorGivesBookSimsRun) {
  // BookSim's own run of this configuration, seed 0 (tests/data/booksim/booksim-mesh.json's first row).
  const CliRun r = imcnas("noc bench --mesh 4x4 --traffic uniform --rate 0.02 --set noc.vcs=2 --rng booksim --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  EXPECT_EQ(j.at("rng"), "booksim");
  EXPECT_NEAR(j.at("packet_latency_cycles").get<double>(), 19.6102, 1e-4);
  EXPECT_NEAR(j.at("accepted_flits_per_cycle_per_node").get<double>(), 0.0201188, 1e-7);
  EXPECT_NEAR(j.at("hops_average").get<double>(), 3.51454, 1e-5);
}

TEST(Cli, SimulateInFlitModeReportsRoutersAndTracesTheirBuffers) {
  const std::string dir = testing::TempDir() + "imcnas_flit_trace";
  const CliRun sim = imcnas("simulate --hw mnsim-2024 lenet --set noc.mode=flit --trace " + dir);
  ASSERT_EQ(sim.exit_code, 0) << sim.output;
  EXPECT_NE(sim.output.find("(NoC mode flit)"), std::string::npos) << sim.output;
  EXPECT_NE(sim.output.find("routers with the most buffered flits"), std::string::npos) << sim.output;
  EXPECT_NE(sim.output.find("chip.noc.router_0_0"), std::string::npos) << sim.output;
  EXPECT_NE(sim.output.find("busiest links:"), std::string::npos) << sim.output;
  EXPECT_NE(imc::test::read_text(dir + "/trace.json").find("\"chip.noc.router_0_0.buffered_flits\""),
            std::string::npos);
  // A traced run steps every cycle (the trace shows each one); an untraced one skips the
  // periods of steady streams, and must land on the same results.
  auto json_of = [](const CliRun& run) { return nlohmann::json::parse(run.output.substr(run.output.find('{'))); };
  const CliRun traced = imcnas("simulate --hw mnsim-2024 lenet --set noc.mode=flit --json --trace " + dir);
  const CliRun skipping = imcnas("simulate --hw mnsim-2024 lenet --set noc.mode=flit --json");
  ASSERT_EQ(traced.exit_code, 0) << traced.output;
  ASSERT_EQ(skipping.exit_code, 0) << skipping.output;
  nlohmann::json every_cycle = json_of(traced), skipped = json_of(skipping);
  EXPECT_EQ(every_cycle.at("noc_cycles_skipped"), 0);
  EXPECT_GT(skipped.at("noc_cycles_skipped").get<int64_t>(), 0);
  for (nlohmann::json* j : {&every_cycle, &skipped})
    for (const char* key : {"noc_cycles_skipped", "noc_cycles_stepped", "delta_cycles", "wall_ms", "trace"})
      j->erase(key);
  EXPECT_TRUE(skipped == every_cycle) << nlohmann::json::diff(every_cycle, skipped).dump();
  // The packet modes keep their report: no router table.
  const CliRun hops = imcnas("simulate --hw mnsim-2024 lenet");
  ASSERT_EQ(hops.exit_code, 0) << hops.output;
  EXPECT_EQ(hops.output.find("routers with the most buffered flits"), std::string::npos) << hops.output;
}

// The flit keys are hardware dimensions like any other: a sweep over the NoC mode and the VCs
// elaborates one chip and gives the flit points their own latency and energy.
TEST(Cli, SweepsTakeTheFlitModeAndItsKeysAsAxes) {
  const std::string dir = testing::TempDir() + "flit_sweeps";
  std::filesystem::remove_all(dir);
  const std::string sweep = write_temp("flit_sweep.toml",
                                       "[sweep]\nname = \"flit\"\nnetworks = [\"lenet\"]\nlevel = \"simulate\"\n"
                                       "[hardware]\nconfig = \"mnsim-2024\"\n"
                                       "[[axes]]\nkey = \"noc.mode\"\nvalues = [\"contention\", \"flit\"]\n"
                                       "[[axes]]\nkey = \"noc.vcs\"\nvalues = [1, 4]\n");
  const CliRun r = imcnas("sweep " + sweep + " --runs-dir " + dir + " --json --no-plots");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output.substr(r.output.find("{\n")));  // after the progress
  std::map<std::string, double> latency_ms;
  for (const nlohmann::json& p : j.at("points")) {
    const nlohmann::json& hw = p.at("hardware");
    latency_ms[hw.at("noc.mode").get<std::string>() + hw.at("noc.vcs").get<std::string>()] =
        p.at("metrics").at("latency_ms").get<double>();
  }
  ASSERT_EQ(latency_ms.size(), 4u) << r.output;
  // Contention mode has no VCs; flit mode with one VC per port blocks more than with four.
  EXPECT_EQ(latency_ms.at("'contention'1"), latency_ms.at("'contention'4"));
  EXPECT_GT(latency_ms.at("'flit'1"), latency_ms.at("'flit'4"));
  EXPECT_NE(latency_ms.at("'flit'4"), latency_ms.at("'contention'4"));
}

TEST(Cli, NocBenchRefusesBadTrafficAndRouterKeysSayingWhatWouldWork) {
  CliRun r = imcnas("noc bench --mesh 3x3 --traffic bitcomp --rate 0.02");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("needs a power-of-two node count"), std::string::npos) << r.output;
  r = imcnas("noc bench --mesh 4x4 --rate 0.02 --set noc.vcz=2");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("did you mean 'vcs'"), std::string::npos) << r.output;
  r = imcnas("noc bench --mesh 4x4 --rate 0.02 --set noc.vcs=0");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("expected an integer in [1, 64]"), std::string::npos) << r.output;
  r = imcnas("noc bench --mesh 4x4 --rate 0.02 --rng lcg");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("unknown traffic random generator 'lcg', expected one of: mt19937, booksim"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace imc::cli
