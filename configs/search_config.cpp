// SPDX-License-Identifier: MIT
#include "configs/search_config.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

#include "configs/builtin_configs.h"
#include "configs/config_error.h"
#include "configs/detail/table_reader.h"
#include "configs/hw_config.h"
#include "configs/metrics.h"
#include "configs/policy_names.h"
#include "configs/registry.h"

namespace imc::config {
namespace {

using detail::TableReader;

std::string metric(const TableReader& t, const std::string& key) {
  const std::string m = t.string(key);
  const auto& all = search_metric_names();
  if (std::find(all.begin(), all.end(), m) == all.end())
    t.fail(key, "unknown metric '" + m + "', expected one of: " + joined_names(all));
  return m;
}

std::vector<int> ints(const TableReader& t, const std::string& key, const std::vector<int>& fallback, int lo, int hi) {
  if (!t.has(key)) return fallback;
  std::vector<int> out;
  for (int64_t v : t.integer_list(key, lo, hi)) out.push_back(static_cast<int>(v));
  if (out.empty()) t.fail(key, "is empty, expected at least one value to search");
  return out;
}

}  // namespace

std::string detail::resolve_beside(const std::string& path, const std::string& source) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  const std::filesystem::path beside = std::filesystem::path(source).parent_path() / path;
  std::error_code ec;  // a name the file system cannot even look up (too long) is not there
  return std::filesystem::exists(beside, ec) ? beside.lexically_normal().string() : path;
}

std::string detail::read_run_name(const TableReader& table, const std::string& file) {
  const std::string name = table.string_or("name", std::filesystem::path(file).stem().string());
  if (auto problem = run_name_problem(name)) table.fail("name", *problem);
  return name;
}

std::vector<HardwareDimension> detail::read_hardware_dimensions(const TableReader& space, const std::string& key,
                                                                bool grid) {
  std::vector<HardwareDimension> out;
  for (const TableReader& t : space.table_array(key)) {
    HardwareDimension d;
    d.where = t.where();
    d.key_path = t.key_path("key");
    d.key = t.string("key");
    if (d.key.empty() || d.key.find_first_of(" \t\n=") != std::string::npos)
      t.fail("key", "expected a hardware key as --set takes it, e.g. \"adc.bits\"");
    for (const HardwareDimension& other : out)
      if (other.key == d.key) t.fail("key", "'" + d.key + "' is already a dimension");
    const bool has_values = t.has("values"), has_range = t.has("range");
    if (has_values == has_range) t.fail("", "needs exactly one of values = [...] or range = [low, high]");
    if (has_values) {
      d.values = t.scalar_texts("values");
    } else {
      const std::vector<double> r = t.number_list("range", -1e300, 1e300);
      if (r.size() != 2 || r[0] > r[1]) t.fail("range", "expected [low, high] with low <= high");
      d.low = r[0];
      d.high = r[1];
      d.log = t.boolean_or("log", false);
      if (t.has("step")) {
        d.step = static_cast<double>(t.integer("step", 1, int64_t{1} << 30));
        if (d.low != std::floor(d.low) || d.high != std::floor(d.high))
          t.fail("range", "an int range (with step) needs integer bounds");
        if (d.log) t.fail("log", "applies to a float range (without step)");
      }
      if (d.log && d.low <= 0) t.fail("range", "a log range needs low > 0");
      if (grid && d.step == 0) {
        d.count = static_cast<int>(t.integer("count", 2, 100000));  // a float range's grid points
      }
    }
    t.finish();
    out.push_back(std::move(d));
  }
  if (out.size() > 32) space.fail(key, "at most 32 hardware dimensions");
  return out;
}

namespace {

SpaceConfig read_space(const TableReader& t) {
  SpaceConfig s;
  if (t.has("hardware")) s.hardware = detail::read_hardware_dimensions(t, "hardware", false);
  s.preset = t.choice_or("preset", "amin2024", space_preset_names());
  if (s.preset == "amin2024") {
    s.min_blocks = static_cast<int>(t.integer_or("min_blocks", 3, 1, 16));
    s.max_blocks = static_cast<int>(t.integer_or("max_blocks", 8, 1, 16));
    if (s.max_blocks < s.min_blocks) t.fail("max_blocks", "must be at least min_blocks");
    if (t.has("block_types")) {
      s.block_types = t.string_list("block_types");
      const std::vector<std::string>& known = block_type_names();
      if (s.block_types.empty()) t.fail("block_types", "is empty, expected at least one of " + joined_names(known));
      for (const std::string& b : s.block_types)
        if (std::find(known.begin(), known.end(), b) == known.end())
          t.fail("block_types", "unknown block type '" + b + "', expected one of " + joined_names(known));
    }
    s.kernels = ints(t, "kernels", s.kernels, 1, 4096);
    s.head_hidden = static_cast<int>(t.integer_or("head_hidden", 256, 1, 65536));
  } else {
    s.conv_layers = static_cast<int>(t.integer_or("conv_layers", 6, 1, 32));
    s.fc_layers = static_cast<int>(t.integer_or("fc_layers", 2, 0, 8));
    s.kernel_sizes = ints(t, "kernel_sizes", s.kernel_sizes, 1, 15);
    s.filters = ints(t, "filters", s.filters, 1, 4096);
    s.neurons = ints(t, "neurons", s.neurons, 1, 65536);
    s.weight_bits = ints(t, "weight_bits", {}, 2, 32);
    s.activation_bits = ints(t, "activation_bits", {}, 1, 32);
  }
  t.finish();
  return s;
}

SamplerConfig read_sampler(const TableReader& t) {
  SamplerConfig s;
  s.name = t.choice_or("name", "tpe", sampler_names());
  s.startup_trials = static_cast<int>(t.integer_or("startup_trials", 20, 0, 100000));
  s.ei_candidates = static_cast<int>(t.integer_or("ei_candidates", 24, 1, 100000));
  s.gamma = t.choice_or("gamma", "hyperopt", tpe_gamma_names());
  s.multivariate = t.boolean_or("multivariate", false);
  s.population = static_cast<int>(t.integer_or("population", 20, 2, 100000));
  s.sample_size = static_cast<int>(t.integer_or("sample_size", std::min(5, s.population), 1, 100000));
  if (s.sample_size > s.population)
    t.fail("sample_size", "is " + std::to_string(s.sample_size) + ", more than the population of " +
                              std::to_string(s.population) + ": at most population = " + std::to_string(s.population));
  s.mutation_probability = t.number_or("mutation_probability", 0, 0, 1);
  s.crossover_probability = t.number_or("crossover_probability", 0.9, 0, 1);
  t.finish();
  return s;
}

TrainBudget read_train(const TableReader& t) {
  TrainBudget b;
  b.epochs = static_cast<int>(t.integer_or("epochs", 1, 1, 100000));
  b.subset = static_cast<int>(t.integer_or("subset", 0, 0, 1 << 30));
  b.validation_subset = static_cast<int>(t.integer_or("validation_subset", 0, 0, 1 << 30));
  b.batch_size = static_cast<int>(t.integer_or("batch_size", 64, 1, 1 << 20));
  b.learning_rate = t.number_or("learning_rate", 1e-3, 1e-9, 10);
  b.optimizer = t.choice_or("optimizer", "adam", optimizer_names());
  b.max_seconds = t.number_or("max_seconds", 0, 0, 1e7);
  b.patience = static_cast<int>(t.integer_or("patience", 0, 0, 100000));
  b.threads = static_cast<int>(t.integer_or("threads", 0, 0, 1024));
  b.noise_aware = t.boolean_or("noise_aware", false);
  b.variation_samples = static_cast<int>(t.integer_or("variation_samples", 5, 1, 10000));
  b.accuracy_hw = t.boolean_or("accuracy_hw", false);
  b.hw_finetune_epochs = static_cast<int>(t.integer_or("hw_finetune_epochs", 0, 0, 100000));
  if (b.hw_finetune_epochs > b.epochs)
    t.fail("hw_finetune_epochs", "is " + std::to_string(b.hw_finetune_epochs) + ", more than the " +
                                     std::to_string(b.epochs) + " epochs a trial trains");
  t.finish();
  return b;
}

SupernetConfig read_supernet(const TableReader& t) {
  SupernetConfig c;
  c.epochs = static_cast<int>(t.integer_or("epochs", c.epochs, 1, 100000));
  c.sampling = t.choice_or("sampling", c.sampling, path_sampling_names());
  c.distill = t.boolean_or("distill", c.sampling == "sandwich");
  c.learning_rate = t.number_or("learning_rate", 0, 0, 10);
  c.bn_recalibration_images =
      static_cast<int>(t.integer_or("bn_recalibration_images", c.bn_recalibration_images, 1, 1 << 24));
  c.checkpoint_every_s = t.number_or("checkpoint_every_s", c.checkpoint_every_s, 1, 1e7);
  c.activation_memory_mb = t.number_or("activation_memory_mb", c.activation_memory_mb, 0, 1e9);
  c.retrain_top = static_cast<int>(t.integer_or("retrain_top", c.retrain_top, 0, 1000));
  c.retrain_seeds = static_cast<int>(t.integer_or("retrain_seeds", c.retrain_seeds, 1, 100));
  if (c.distill && c.sampling == "uniform")
    t.fail("distill",
           "needs a teacher path: sampling = \"sandwich\" trains the largest path each step; with "
           "sampling = \"uniform\" set distill = false");
  t.finish();
  return c;
}

ObjectiveConfig read_objective(const TableReader& t) {
  ObjectiveConfig o;
  o.kind = t.choice_or("kind", "fitness", objective_kind_names());
  o.accuracy = t.choice_or("accuracy", "quantized", accuracy_source_names());
  if (o.kind == "fitness") {
    o.fitness = t.choice_or("fitness", "accuracy", fitness_names());
    o.exponent = t.number_or("exponent", 2, 0, 100);
  } else if (o.kind == "nacim") {
    o.beta = t.number_or("beta", 0.5, 0, 1);
    for (const TableReader& term : t.table_array("terms")) {
      MetricTerm m;
      m.metric = metric(term, "metric");
      m.weight = term.number_or("weight", 1, 0, 1e9);
      m.lo = term.number("lo", -1e300, 1e300);
      m.hi = term.number("hi", -1e300, 1e300);
      if (!(m.hi > m.lo)) term.fail("hi", "must be greater than lo");
      term.finish();
      o.terms.push_back(m);
    }
  } else if (o.kind == "pareto") {
    for (const TableReader& obj : t.table_array("objectives")) {
      ObjectiveDirection d;
      d.metric = metric(obj, "metric");
      d.minimize = obj.choice("direction", {"minimize", "maximize"}) == "minimize";
      obj.finish();
      o.objectives.push_back(d);
    }
    if (o.objectives.size() < 2) t.fail("objectives", "needs at least two objectives for a Pareto search");
  }
  t.finish();
  return o;
}

std::vector<ConstraintConfig> read_constraints(const TableReader& root) {
  std::vector<ConstraintConfig> out;
  if (!root.has("constraints")) return out;
  for (const TableReader& t : root.table_array("constraints")) {
    ConstraintConfig c;
    c.metric = metric(t, "metric");
    const bool has_max = t.has("max"), has_min = t.has("min");
    if (has_max == has_min) t.fail("", "needs exactly one of max or min");
    c.upper = has_max;
    c.bound = has_max ? t.number("max", -1e300, 1e300) : t.number("min", -1e300, 1e300);
    t.finish();
    out.push_back(c);
  }
  return out;
}

SearchConfig read_search(const toml::table& doc, std::shared_ptr<detail::ReadContext> ctx) {
  const TableReader root(doc, "", ctx);
  SearchConfig c;
  c.source = ctx->file;
  const TableReader study = root.table("study");
  c.name = detail::read_run_name(study, ctx->file);
  c.trials = static_cast<int>(study.integer("trials", 1, 1000000));
  c.seed = static_cast<uint64_t>(study.integer_or("seed", 0, 0, int64_t(1) << 62));
  study.finish();
  if (auto t = root.table_opt("space")) c.space = read_space(*t);
  if (auto t = root.table_opt("sampler")) c.sampler = read_sampler(*t);
  const TableReader hw = root.table("hardware");
  c.hw_config = detail::resolve_beside(hw.string("config"), ctx->file);
  if (hw.has("set")) c.hw_sets = hw.string_list("set");
  c.batch = static_cast<int>(hw.integer_or("batch", 1, 1, 1000000));
  hw.finish();
  if (auto t = root.table_opt("data")) {
    const std::string d = t->string_or("config", "fashion-mnist");
    c.data_config = d == "fashion-mnist" ? d : detail::resolve_beside(d, ctx->file);
    t->finish();
  }
  if (auto t = root.table_opt("train")) c.train = read_train(*t);
  if (auto t = root.table_opt("objective")) c.objective = read_objective(*t);
  if (auto t = root.table_opt("evaluator")) {
    c.evaluator.kind = t->choice_or("kind", "train", evaluator_names());
    c.evaluator.supernet = t->string_or("supernet", "");
    if (c.evaluator.kind == "oneshot" && c.evaluator.supernet.empty())
      t->fail("kind",
              "\"oneshot\" scores trials by a trained supernet: name its run directory, e.g. supernet = "
              "\"runs/NAME\" (train one with imcnas supernet train CONFIG --name NAME)");
    if (c.evaluator.kind == "train" && !c.evaluator.supernet.empty())
      t->fail("supernet", "is read only with kind = \"oneshot\"; this search trains every trial");
    t->finish();
  }
  if (auto t = root.table_opt("supernet")) c.supernet = read_supernet(*t);
  if (auto t = root.table_opt("pruner")) {
    c.pruner.kind = t->choice_or("kind", "none", pruner_names());
    c.pruner.min_epochs = static_cast<int>(t->integer_or("min_epochs", 1, 1, 100000));
    c.pruner.reduction_factor = static_cast<int>(t->integer_or("reduction_factor", 3, 2, 100));
    c.pruner.startup_trials = static_cast<int>(t->integer_or("startup_trials", 5, 1, 100000));
    if (c.pruner.kind != "none" && c.pruner.min_epochs >= c.train.epochs)
      t->fail("min_epochs", "is " + std::to_string(c.pruner.min_epochs) +
                                ", but a trial trains train.epochs = " + std::to_string(c.train.epochs) +
                                " epochs: pruning needs a check before the last epoch (min_epochs below the epochs)");
    if (c.pruner.kind != "none" && c.objective.kind == "pareto")
      t->fail("kind",
              "pruning compares one validation accuracy against earlier trials; a Pareto search has no "
              "single ranking to prune by. Use a scalar objective (fitness, reward) or pruner.kind = \"none\"");
    t->finish();
  }
  if (c.evaluator.kind == "oneshot" && c.pruner.kind != "none")
    root.table("pruner").fail("kind",
                              "prunes a trial between its training epochs; with evaluator.kind = \"oneshot\" "
                              "a trial trains nothing: set pruner.kind = \"none\"");
  c.constraints = read_constraints(root);
  // accuracy_hw is computed when something reads it (it costs tens of evaluations).
  const bool constrained_hw = std::any_of(c.constraints.begin(), c.constraints.end(), [](const ConstraintConfig& k) {
    return k.metric.rfind("accuracy_hw", 0) == 0;
  });
  if (c.objective.accuracy == "hw" || constrained_hw || c.train.hw_finetune_epochs > 0) c.train.accuracy_hw = true;
  const auto& pareto_samplers = pareto_sampler_names();
  if (c.objective.kind == "pareto" &&
      std::find(pareto_samplers.begin(), pareto_samplers.end(), c.sampler.name) == pareto_samplers.end())
    root.fail("sampler", c.sampler.name + " is single-objective; a pareto objective needs sampler.name = one of " +
                             joined_names(pareto_samplers));
  root.finish();
  return c;
}

}  // namespace

std::string effective_search_config_text(const SearchConfig& cfg, const std::vector<std::string>& overrides,
                                         const std::string& original_kept_in) {
  detail::Document doc = detail::document_from_text(cfg.text, cfg.source, parse_overrides(overrides));
  // A file is written with its absolute path; a built-in name (mnsim-2024) stays a name.
  auto absolute = [](const std::string& p) {
    std::error_code ec;
    return std::filesystem::exists(p, ec) ? std::filesystem::absolute(p).lexically_normal().string() : p;
  };
  if (toml::table* hw = doc.root["hardware"].as_table()) hw->insert_or_assign("config", absolute(cfg.hw_config));
  if (toml::table* data = doc.root["data"].as_table(); data && cfg.data_config != "fashion-mnist")
    data->insert_or_assign("config", absolute(cfg.data_config));
  std::ostringstream out;
  out << "# The effective config of this run: " << cfg.source;
  if (!overrides.empty()) out << " with";
  for (const std::string& o : overrides) out << " --set " << o;  // one line each: parse_overrides refuses breaks
  out << "\n# (overrides applied, paths absolute";
  if (!original_kept_in.empty()) out << "; the file as written, with its comments, is in " << original_kept_in;
  out << ")\n\n" << toml::toml_formatter{doc.root} << "\n";
  return out.str();
}

std::optional<std::string> run_name_problem(const std::string& name) {
  const std::string rule =
      "a run name is one plain directory name under runs/ (letters, digits, '-', '_', '.'; "
      "no leading dot, no '/' or '\\', at most 100 characters)";
  if (name.empty()) return "is empty: " + rule;
  if (name.size() > 100) return "is " + std::to_string(name.size()) + " characters long: " + rule;
  if (name.front() == '.') return "'" + name + "' starts with a dot: " + rule;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      if (static_cast<unsigned char>(c) >= 0x80 || std::iscntrl(static_cast<unsigned char>(c))) {
        char code[8];
        std::snprintf(code, sizeof code, "0x%02x", static_cast<unsigned char>(c));
        return std::string("the name holds the byte ") + code + " (not a letter, digit, '-', '_' or '.'): " + rule;
      }
      return "'" + name + "' holds the character '" + std::string(1, c) + "': " + rule;
    }
  return std::nullopt;
}

std::string dimension_value_text(const HardwareDimension& d, double value) {
  if (!d.values.empty()) return d.values.at(static_cast<size_t>(std::lround(value)));
  if (d.step > 0) return std::to_string(std::llround(value));
  std::ostringstream os;
  os.precision(12);  // no binary noise (0.30000000000000004) in the override and the reports
  os << value;
  std::string text = os.str();
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";  // stays a TOML float
  return text;
}

namespace {

/// A value that is wrong for its key on its own (a string for adc.bits, 40 bits, an unknown
/// placement) is an error in the sweep or search file, not a point that happens to be
/// infeasible; a value that only clashes with other keys is left to the points.
void check_values(const HardwareDimension& d, const HwConfigBase& base, const std::string& hw_source) {
  std::vector<std::string> texts = d.values;
  if (texts.empty()) texts = {dimension_value_text(d, d.low), dimension_value_text(d, d.high)};
  for (const std::string& text : texts) {
    try {
      base.at({{d.key, text, d.where}});
    } catch (const InvalidValueError& e) {
      if (e.key_path() == d.key)
        throw ConfigError(std::string(e.what()) + "; every point with this value would be invalid in " + hw_source);
    } catch (const ConfigError&) {  // a clash with another key: those points are infeasible
    }
  }
}

}  // namespace

void check_hardware_dimensions(const SpaceConfig& space, const std::string& hw_text, const std::string& hw_source,
                               const std::vector<std::string>& hw_sets) {
  const HwConfigBase base(hw_text, hw_source, parse_overrides(hw_sets));
  for (const HardwareDimension& d : space.hardware) {
    try {
      base.at({{d.key, dimension_value_text(d, d.values.empty() ? d.low : 0.0), d.where}});
    } catch (const UnknownKeyError& e) {
      if (d.key == e.key_path() || d.key.rfind(e.key_path() + ".", 0) == 0)
        throw ConfigError(d.where + ": " + d.key_path + ": '" + d.key + "' is not a key of the hardware config " +
                          hw_source + " (" + e.what() + ")");
    } catch (const ConfigError&) {  // judged value by value below
    }
    check_values(d, base, hw_source);
  }
}

namespace {

/// The accuracy sources the objective scores: objective.accuracy for a fitness or NACIM's reward;
/// for a Pareto search, each accuracy objective ("accuracy" is objective.accuracy,
/// "accuracy_<source>" that source).
std::vector<std::string> scored_accuracies(const ObjectiveConfig& o) {
  if (o.kind != "pareto") return {o.accuracy};
  std::vector<std::string> out;
  for (const ObjectiveDirection& d : o.objectives) {
    if (d.metric == "accuracy") out.push_back(o.accuracy);
    for (const std::string& source : accuracy_source_names())
      if (d.metric == "accuracy_" + source) out.push_back(source);
  }
  return out;
}

}  // namespace

std::vector<std::string> search_config_warnings(const SearchConfig& cfg) {
  std::vector<std::string> out;
  for (const std::string& source : scored_accuracies(cfg.objective)) {
    for (const HardwareDimension& d : cfg.space.hardware) {
      if (!affects_accuracy(d.key) || accuracy_sees(source, d.key)) continue;
      out.push_back(d.where + ": " + d.key_path + " = \"" + d.key + "\": the objective scores accuracy = \"" + source +
                    "\", which does not change with " + d.key +
                    " (on a chip the accuracy does), so this dimension reaches the objective only through its cost "
                    "and the search can only favour its cheapest value; score objective.accuracy = \"hw\" "
                    "(docs/search.md, \"What the accuracy sees\")");
    }
  }
  return out;
}

SearchConfig parse_search_config(const std::string& text, const std::string& source,
                                 const std::vector<Override>& overrides) {
  const detail::Document d = detail::document_from_text(text, source, overrides);
  SearchConfig c = read_search(d.root, d.ctx);
  c.text = text;
  return c;
}

SearchConfig load_search_config(const std::string& path, const std::vector<Override>& overrides) {
  const ConfigText t = read_builtin_or_file(path, search_presets(), "configs/search", "search config");
  return parse_search_config(t.text, t.source, overrides);
}

}  // namespace imc::config
