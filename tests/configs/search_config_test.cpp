// SPDX-License-Identifier: MIT
#include "configs/search_config.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "configs/config_error.h"
#include "configs/hw_config.h"
#include "configs/sweep_config.h"
#include "tests/test_util.h"

namespace imc::config {
namespace {

const char* kMinimal = R"([study]
trials = 5
[hardware]
config = "configs/hw/mnsim-2024.toml"
)";

std::string error(const std::string& text, const std::vector<Override>& overrides = {}) {
  return test::error_of<ConfigError>([&] { parse_search_config(text, "s.toml", overrides); });
}

TEST(SearchConfig, DefaultsAreThePapersSetup) {
  const SearchConfig c = parse_search_config(kMinimal, "dir/s.toml");
  EXPECT_EQ(c.name, "s");  // the file's stem
  EXPECT_EQ(c.trials, 5);
  EXPECT_EQ(c.space.preset, "amin2024");
  EXPECT_EQ(c.space.min_blocks, 3);
  EXPECT_EQ(c.space.max_blocks, 8);
  EXPECT_EQ(c.space.kernels, (std::vector<int>{16, 32, 64, 128, 256}));
  EXPECT_EQ(c.sampler.name, "tpe");
  EXPECT_EQ(c.sampler.startup_trials, 20);
  EXPECT_EQ(c.objective.fitness, "accuracy");
  EXPECT_EQ(c.data_config, "fashion-mnist");
  EXPECT_EQ(c.text, kMinimal);
}

TEST(SearchConfig, ShippedConfigsParse) {
  int shipped = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("configs/search"))) {
    if (entry.path().extension() != ".toml") continue;
    SCOPED_TRACE(entry.path().string());
    const SearchConfig c = load_search_config(entry.path().string());
    EXPECT_FALSE(c.hw_config.empty());
    EXPECT_NO_THROW(check_hardware_dimensions(c.space, read_hw_config_text(c.hw_config), c.hw_config, c.hw_sets));
    // Built in by its name too (`imcnas search quickstart` from any directory), the same text.
    const SearchConfig by_name = load_search_config(entry.path().stem().string());
    EXPECT_EQ(by_name.text, c.text);
    EXPECT_EQ(by_name.source, "configs/search/" + entry.path().filename().string() + " (built in)");
    ++shipped;
  }
  EXPECT_GE(shipped, 9);
  const std::string unknown = [] {
    try {
      load_search_config("quickstrat");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(unknown.find("search config 'quickstrat': not a preset (amin2024-adc, "), std::string::npos) << unknown;
}

// Every shipped search config scores an accuracy that sees each hardware key it searches, and a
// co-search over ADC bits prices the ADC by its bits: otherwise the cheapest ADC wins by default.
TEST(SearchConfig, ShippedCoSearchesFaceARealTradeOff) {
  int co_searches = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("configs/search"))) {
    if (entry.path().extension() != ".toml") continue;
    SCOPED_TRACE(entry.path().string());
    const SearchConfig c = load_search_config(entry.path().string());
    EXPECT_EQ(search_config_warnings(c), std::vector<std::string>{});
    for (const HardwareDimension& d : c.space.hardware) {
      if (d.key != "adc.bits") continue;
      ++co_searches;
      EXPECT_EQ(c.objective.accuracy, "hw");
      EXPECT_NE(load_hw_config(c.hw_config, parse_overrides(c.hw_sets)).adc.model, "fixed");
    }
  }
  EXPECT_EQ(co_searches, 3);
}

TEST(SearchConfig, AnAccuracyBlindToASearchedKeyIsAWarningNamingIt) {
  const std::string base = std::string(kMinimal) +
                           "[[space.hardware]]\nkey = \"adc.bits\"\nvalues = [4, 8]\n"
                           "[[space.hardware]]\nkey = \"noc.inter_tile_bandwidth_gbps\"\nvalues = [5.0, 10.0]\n"
                           "[[space.hardware]]\nkey = \"quantization.activation_bits\"\nvalues = [6, 8]\n";
  const std::vector<std::string> quantized = search_config_warnings(parse_search_config(base, "s.toml"));
  ASSERT_EQ(quantized.size(), 1u);  // the NoC does not change any accuracy; quantized accuracy sees its bits
  EXPECT_EQ(quantized[0].rfind("s.toml:5", 0), 0u) << quantized[0];
  EXPECT_NE(quantized[0].find("space.hardware[0].key = \"adc.bits\""), std::string::npos) << quantized[0];
  EXPECT_NE(quantized[0].find("accuracy = \"quantized\""), std::string::npos) << quantized[0];
  EXPECT_NE(quantized[0].find("objective.accuracy = \"hw\""), std::string::npos) << quantized[0];
  EXPECT_TRUE(search_config_warnings(parse_search_config(base + "[objective]\naccuracy = \"hw\"\n", "s.toml")).empty());
  EXPECT_EQ(search_config_warnings(parse_search_config(base + "[objective]\naccuracy = \"clean\"\n", "s.toml")).size(),
            2u);  // clean accuracy sees no bits at all
  // A Pareto search: only its accuracy objectives count.
  const std::string pareto = base +
                             "[sampler]\nname = \"nsga2\"\n[objective]\nkind = \"pareto\"\naccuracy = \"hw\"\n"
                             "[[objective.objectives]]\nmetric = \"accuracy_quantized\"\ndirection = \"maximize\"\n"
                             "[[objective.objectives]]\nmetric = \"energy_mj\"\ndirection = \"minimize\"\n";
  EXPECT_EQ(search_config_warnings(parse_search_config(pareto, "s.toml")).size(), 1u);
}

TEST(SearchConfig, HardwarePathResolvesAgainstTheSearchFile) {
  std::string text = test::read_text(test::source_path("configs/search/quickstart.toml"));
  const std::string preset = "config = \"mnsim-2024\"";
  ASSERT_NE(text.find(preset), std::string::npos);
  EXPECT_EQ(load_search_config(test::source_path("configs/search/quickstart.toml")).hw_config, "mnsim-2024");
  text.replace(text.find(preset), preset.size(), "config = \"../hw/mnsim-2024.toml\"");
  const SearchConfig c = parse_search_config(text, test::source_path("configs/search/quickstart.toml"));
  EXPECT_EQ(c.hw_config, test::source_path("configs/hw/mnsim-2024.toml"));
}

// runs/NAME/config.toml: the overrides applied and the paths absolute, so it reproduces the run
// from any directory.
TEST(SearchConfig, TheEffectiveConfigReproducesTheRunFromAnywhere) {
  const std::vector<std::string> sets = {"study.trials=7", "train.epochs=3", "pruner.kind=\"asha\""};
  const SearchConfig c = load_search_config(test::source_path("configs/search/quickstart.toml"),
                                            parse_overrides({sets[0], sets[1], sets[2]}));
  const std::string text = effective_search_config_text(c, {sets[0], sets[1], sets[2]}, "study.db");
  EXPECT_NE(text.find("--set study.trials=7 --set train.epochs=3"), std::string::npos) << text;
  EXPECT_NE(text.find("with its comments, is in study.db)"), std::string::npos) << text;
  // A run that keeps no copy of the file (a supernet's) does not claim one.
  EXPECT_EQ(effective_search_config_text(c, {}, "").find("study.db"), std::string::npos);
  const SearchConfig again = parse_search_config(text, "/somewhere/else/config.toml");
  EXPECT_EQ(again.trials, 7);
  EXPECT_EQ(again.train.epochs, 3);
  EXPECT_EQ(again.pruner.kind, "asha");
  EXPECT_EQ(again.hw_config, "mnsim-2024");  // a built-in config stays a name (it is no file beside the run)
  EXPECT_EQ(again.name, c.name);
  // A built-in hardware config is a name, not a file beside the run.
  const SearchConfig builtin =
      parse_search_config("[study]\ntrials = 1\n[hardware]\nconfig = \"mnsim-2024\"\n", "/somewhere/s.toml");
  EXPECT_NE(effective_search_config_text(builtin, {}, "study.db").find("config = 'mnsim-2024'"), std::string::npos)
      << effective_search_config_text(builtin, {}, "study.db");
}

TEST(SearchConfig, TypoNamesFileLineAndSuggestion) {
  const std::string e = error(std::string(kMinimal) + "[train]\nepoch = 2\n");
  EXPECT_NE(e.find("s.toml:6"), std::string::npos) << e;
  EXPECT_NE(e.find("train.epoch"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'epochs'"), std::string::npos) << e;
}

TEST(SearchConfig, RunNameIsOnePlainPathComponent) {
  for (const char* bad : {"..", ".", ".hidden", "a/b/c", "a\\\\b", "x'; system 'touch PWNED", ""}) {
    SCOPED_TRACE(bad);
    const std::string e =
        error(std::string("[study]\nname = \"") + bad + "\"\ntrials = 1\n[hardware]\nconfig = \"x\"\n");
    EXPECT_NE(e.find("s.toml:2"), std::string::npos) << e;
    EXPECT_NE(e.find("study.name"), std::string::npos) << e;
    EXPECT_NE(e.find("one plain directory name"), std::string::npos) << e;
  }
  EXPECT_FALSE(run_name_problem("amin2024-fashion-acc_v1.2"));
}

TEST(SearchConfig, EmptyChoiceListsNameFileAndLine) {
  const std::string kernels = error(std::string(kMinimal) + "[space]\nkernels = []\n");
  EXPECT_NE(kernels.find("s.toml:6"), std::string::npos) << kernels;
  EXPECT_NE(kernels.find("space.kernels"), std::string::npos) << kernels;
  EXPECT_NE(kernels.find("is empty"), std::string::npos) << kernels;
  const std::string types = error(std::string(kMinimal) + "[space]\nblock_types = []\n");
  EXPECT_NE(types.find("space.block_types"), std::string::npos) << types;
}

TEST(SearchConfig, HardwareDimensionsAreCategoricalIntOrFloat) {
  const SearchConfig c =
      parse_search_config(std::string(kMinimal) +
                              "[[space.hardware]]\nkey = \"adc.bits\"\nvalues = [4, 5, 6]\n"
                              "[[space.hardware]]\nkey = \"noc.mode\"\nvalues = [\"hops\", \"contention\"]\n"
                              "[[space.hardware]]\nkey = \"crossbar.rows\"\nrange = [64, 256]\nstep = 64\n"
                              "[[space.hardware]]\nkey = \"adc.sample_rate_gsps\"\nrange = [0.5, 2.0]\nlog = true\n",
                          "s.toml");
  ASSERT_EQ(c.space.hardware.size(), 4u);
  EXPECT_EQ(c.space.hardware[0].values, (std::vector<std::string>{"4", "5", "6"}));
  EXPECT_EQ(c.space.hardware[1].values, (std::vector<std::string>{"'hops'", "'contention'"}));  // TOML text
  EXPECT_EQ(dimension_value_text(c.space.hardware[0], 2), "6");
  EXPECT_EQ(dimension_value_text(c.space.hardware[2], 128), "128");
  EXPECT_EQ(dimension_value_text(c.space.hardware[3], 1.0), "1.0");
  EXPECT_TRUE(c.space.hardware[3].log);
}

TEST(SearchConfig, BadHardwareDimensionsNameFileLineAndKey) {
  const std::string dim = std::string(kMinimal) + "[[space.hardware]]\nkey = \"adc.bits\"\n";
  EXPECT_NE(error(dim + "values = []\n").find("space.hardware[0].values: is empty"), std::string::npos);
  EXPECT_NE(error(dim + "values = [4]\nrange = [1, 2]\n").find("exactly one of values"), std::string::npos);
  EXPECT_NE(error(dim + "range = [8, 4]\n").find("low <= high"), std::string::npos);
  EXPECT_NE(error(dim + "values = [{a = 1}]\n").find("expected a number, a string or a boolean"), std::string::npos);
  EXPECT_NE(error(dim + "values = [4]\n" + "[[space.hardware]]\nkey = \"adc.bits\"\nvalues = [5]\n")
                .find("already a dimension"),
            std::string::npos);
  // A key the hardware config does not have is found before the study starts.
  const SearchConfig typo = parse_search_config(
      std::string(kMinimal) + "[[space.hardware]]\nkey = \"adc.bitz\"\nvalues = [4, 6]\n", "s.toml");
  const std::string hw = test::read_text(test::source_path("configs/hw/mnsim-2024.toml"));
  const std::string unknown =
      test::error_of<ConfigError>([&] { check_hardware_dimensions(typo.space, hw, "mnsim-2024.toml", {}); });
  EXPECT_NE(unknown.find("s.toml:5"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("'adc.bitz' is not a key of the hardware config"), std::string::npos) << unknown;
  // A value wrong only in some combinations (2-bit cells on a 2-level device) is not an error here.
  const SearchConfig cells = parse_search_config(
      std::string(kMinimal) + "[[space.hardware]]\nkey = \"crossbar.bits_per_cell\"\nvalues = [2]\n", "s.toml");
  EXPECT_NO_THROW(check_hardware_dimensions(cells.space, hw, "mnsim-2024.toml", {}));
  // A value wrong on its own (of another kind, outside its key's range, not one of its choices) is.
  for (const auto& [dimension, expected] : std::vector<std::pair<std::string, std::string>>{
           {"key = \"adc.bits\"\nvalues = [4, 40]", "adc.bits: found integer 40, expected an integer in [1, 32]"},
           {"key = \"adc.bits\"\nvalues = [6.5]", "adc.bits: found float 6.5"},
           {"key = \"chip.placement\"\nvalues = [\"snake\", \"spirall\"]", "chip.placement: found string \"spirall\""},
           {"key = \"crossbar.rows\"\nrange = [64, 100000]\nstep = 64", "crossbar.rows: found integer"}}) {
    const SearchConfig bad =
        parse_search_config(std::string(kMinimal) + "[[space.hardware]]\n" + dimension + "\n", "s.toml");
    const std::string e =
        test::error_of<ConfigError>([&] { check_hardware_dimensions(bad.space, hw, "mnsim-2024.toml", {}); });
    EXPECT_NE(e.find("s.toml:5"), std::string::npos) << e;
    EXPECT_NE(e.find(expected), std::string::npos) << e;
    EXPECT_NE(e.find("every point with this value would be invalid in mnsim-2024.toml"), std::string::npos) << e;
  }
}

TEST(SearchConfig, PrunerNeedsAnEpochToCheckAndAScalarObjective) {
  const SearchConfig ok = parse_search_config(
      std::string(kMinimal) + "[train]\nepochs = 3\n[pruner]\nkind = \"asha\"\nmin_epochs = 1\n", "s.toml");
  EXPECT_EQ(ok.pruner.kind, "asha");
  EXPECT_EQ(ok.pruner.reduction_factor, 3);
  const std::string late =
      error(std::string(kMinimal) + "[train]\nepochs = 3\n[pruner]\nkind = \"median\"\nmin_epochs = 3\n");
  EXPECT_NE(late.find("pruner.min_epochs: is 3, but a trial trains train.epochs = 3 epochs"), std::string::npos)
      << late;
  const std::string pareto = error(std::string(kMinimal) +
                                   "[train]\nepochs = 3\n[sampler]\nname = \"nsga2\"\n[objective]\nkind = \"pareto\"\n"
                                   "[[objective.objectives]]\nmetric = \"accuracy\"\ndirection = \"maximize\"\n"
                                   "[[objective.objectives]]\nmetric = \"energy_mj\"\ndirection = \"minimize\"\n"
                                   "[pruner]\nkind = \"asha\"\n");
  EXPECT_NE(pareto.find("a Pareto search has no single ranking to prune by"), std::string::npos) << pareto;
  EXPECT_NE(error(std::string(kMinimal) + "[pruner]\nkind = \"hyperbnd\"\n").find("pruner.kind"), std::string::npos);
}

TEST(SearchConfig, OutOfRangeAndUnknownValues) {
  EXPECT_NE(error("[study]\ntrials = 0\n[hardware]\nconfig = \"x\"\n").find("study.trials"), std::string::npos);
  EXPECT_NE(error(std::string(kMinimal) + "[space]\nmin_blocks = 5\nmax_blocks = 4\n").find("space.max_blocks"),
            std::string::npos);
  EXPECT_NE(error(std::string(kMinimal) + "[space]\nblock_types = [\"VGG\", \"DENSE\"]\n").find("DENSE"),
            std::string::npos);
  EXPECT_NE(error(std::string(kMinimal) + "[objective]\nfitness = \"speed\"\n").find("objective.fitness"),
            std::string::npos);
}

TEST(SearchConfig, ConstraintsNeedAKnownMetricAndOneBound) {
  const SearchConfig c =
      parse_search_config(std::string(kMinimal) + "[[constraints]]\nmetric = \"latency_ms\"\nmax = 5\n", "s.toml");
  ASSERT_EQ(c.constraints.size(), 1u);
  EXPECT_TRUE(c.constraints[0].upper);
  EXPECT_EQ(c.constraints[0].bound, 5);
  const std::string unknown = error(std::string(kMinimal) + "[[constraints]]\nmetric = \"latncy_ms\"\nmax = 5\n");
  EXPECT_NE(unknown.find("unknown metric 'latncy_ms'"), std::string::npos) << unknown;
  const std::string both =
      error(std::string(kMinimal) + "[[constraints]]\nmetric = \"latency_ms\"\nmax = 5\nmin = 1\n");
  EXPECT_NE(both.find("exactly one of max or min"), std::string::npos) << both;
}

TEST(SearchConfig, ParetoNeedsAMultiObjectiveSampler) {
  const std::string pareto = std::string(kMinimal) +
                             "[objective]\nkind = \"pareto\"\n"
                             "[[objective.objectives]]\nmetric = \"accuracy\"\ndirection = \"maximize\"\n"
                             "[[objective.objectives]]\nmetric = \"energy_mj\"\ndirection = \"minimize\"\n";
  EXPECT_NE(error(pareto).find("tpe is single-objective"), std::string::npos);
  EXPECT_NE(error(pareto + "[sampler]\nname = \"evolution\"\n").find("evolution is single-objective"),
            std::string::npos);
  const SearchConfig c = parse_search_config(pareto + "[sampler]\nname = \"nsga2\"\n", "s.toml");
  ASSERT_EQ(c.objective.objectives.size(), 2u);
  EXPECT_FALSE(c.objective.objectives[0].minimize);
}

TEST(SearchConfig, OverridesAreCheckedLikeTheFile) {
  const SearchConfig c = parse_search_config(kMinimal, "s.toml", parse_overrides({"study.trials=9"}));
  EXPECT_EQ(c.trials, 9);
  EXPECT_NE(error(kMinimal, parse_overrides({"study.trials=-1"})).find("--set study.trials=-1"), std::string::npos);
}

TEST(SearchConfig, MissingFileIsAConfigError) {
  const std::string e = test::error_of<ConfigError>([] { load_search_config("/nonexistent/search.toml"); });
  EXPECT_NE(e.find("/nonexistent/search.toml"), std::string::npos);
}

// A sweep's misspelt axis key is named as the sweep names it, not as a search's dimension;
// a name with a non-ASCII byte names the byte instead of printing half a character.
TEST(SearchConfig, ErrorsNameTheKeyPathAndTheByteTheyFound) {
  const std::string hw = test::read_text(test::source_path("configs/hw/mnsim-2024.toml"));
  const SearchConfig typo = parse_search_config(
      std::string(kMinimal) + "[[space.hardware]]\nkey = \"adc.bitz\"\nvalues = [4, 6]\n", "s.toml");
  const std::string search =
      test::error_of<ConfigError>([&] { check_hardware_dimensions(typo.space, hw, "mnsim-2024.toml", {}); });
  EXPECT_NE(search.find("space.hardware[0].key: 'adc.bitz'"), std::string::npos) << search;
  SpaceConfig axes;
  axes.hardware = parse_sweep_config(
                      "[sweep]\nnetworks = [\"lenet\"]\n[hardware]\nconfig = \"hw.toml\"\n"
                      "[[axes]]\nkey = \"adc.bitz\"\nvalues = [4, 6]\n",
                      "sw.toml")
                      .axes;
  const std::string sweep =
      test::error_of<ConfigError>([&] { check_hardware_dimensions(axes, hw, "mnsim-2024.toml", {}); });
  EXPECT_NE(sweep.find("axes[0].key: 'adc.bitz'"), std::string::npos) << sweep;
  EXPECT_NE(run_name_problem("caf\xc3\xa9")->find("the byte 0xc3"), std::string::npos);
}

TEST(SearchConfig, AOneShotSearchNamesItsSupernetAndPrunesNothing) {
  const SearchConfig ok = parse_search_config(
      std::string(kMinimal) + "[evaluator]\nkind = \"oneshot\"\nsupernet = \"runs/sn\"\n", "s.toml");
  EXPECT_EQ(ok.evaluator.kind, "oneshot");
  EXPECT_EQ(ok.evaluator.supernet, "runs/sn");
  const std::string missing = error(std::string(kMinimal) + "[evaluator]\nkind = \"oneshot\"\n");
  EXPECT_NE(missing.find("s.toml"), std::string::npos) << missing;
  EXPECT_NE(missing.find("evaluator.kind"), std::string::npos) << missing;
  EXPECT_NE(missing.find("supernet = \"runs/NAME\""), std::string::npos) << missing;
  const std::string unused = error(std::string(kMinimal) + "[evaluator]\nsupernet = \"runs/sn\"\n");
  EXPECT_NE(unused.find("evaluator.supernet"), std::string::npos) << unused;
  const std::string pruned = error(std::string(kMinimal) +
                                   "[train]\nepochs = 3\n[evaluator]\nkind = \"oneshot\"\nsupernet = \"runs/sn\"\n"
                                   "[pruner]\nkind = \"asha\"\n");
  EXPECT_NE(pruned.find("pruner.kind"), std::string::npos) << pruned;
}

TEST(SearchConfig, EvolutionsTournamentIsWithinItsPopulation) {
  const SearchConfig ok = parse_search_config(
      std::string(kMinimal) + "[sampler]\nname = \"evolution\"\npopulation = 30\nsample_size = 10\n", "s.toml");
  EXPECT_EQ(ok.sampler.sample_size, 10);
  const std::string big =
      error(std::string(kMinimal) + "[sampler]\nname = \"evolution\"\npopulation = 4\nsample_size = 5\n");
  EXPECT_NE(big.find("sampler.sample_size"), std::string::npos) << big;
  EXPECT_NE(big.find("at most population = 4"), std::string::npos) << big;
  // A small population (NSGA-II's too) takes a tournament that fits it.
  EXPECT_EQ(parse_search_config(std::string(kMinimal) + "[sampler]\npopulation = 3\n", "s.toml").sampler.sample_size,
            3);
}

}  // namespace
}  // namespace imc::config
