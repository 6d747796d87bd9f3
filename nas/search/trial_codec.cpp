// SPDX-License-Identifier: MIT
#include "nas/search/trial_codec.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace imc::nas {
namespace {

using nlohmann::json;

/// A number exactly: a finite one as itself, inf, -inf and nan as text (JSON has none of them).
json number_json(double v) { return std::isfinite(v) ? json(v) : json(std::to_string(v)); }
double number_from(const json& j) { return j.is_string() ? std::stod(j.get<std::string>()) : j.get<double>(); }

template <class Map>
json map_json(const Map& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = number_json(v);
  return j;
}

template <class Map>
Map map_from(const json& j) {
  Map m;
  for (const auto& [k, v] : j.items()) m[k] = number_from(v);
  return m;
}

json budget_json(const config::TrainBudget& b) {
  return {{"epochs", b.epochs},
          {"subset", b.subset},
          {"validation_subset", b.validation_subset},
          {"batch_size", b.batch_size},
          {"learning_rate", b.learning_rate},
          {"optimizer", b.optimizer},
          {"max_seconds", b.max_seconds},
          {"patience", b.patience},
          {"threads", b.threads},
          {"noise_aware", b.noise_aware},
          {"variation_samples", b.variation_samples},
          {"accuracy_hw", b.accuracy_hw},
          {"hw_finetune_epochs", b.hw_finetune_epochs},
          {"prune_below",
           [&] {
             json bars = json::array();
             for (double v : b.prune_below) bars.push_back(number_json(v));
             return bars;
           }()},
          {"prune_on_best_so_far", b.prune_on_best_so_far}};
}

config::TrainBudget budget_from(const json& j) {
  config::TrainBudget b;
  b.epochs = j.at("epochs").get<int>();
  b.subset = j.at("subset").get<int>();
  b.validation_subset = j.at("validation_subset").get<int>();
  b.batch_size = j.at("batch_size").get<int>();
  b.learning_rate = j.at("learning_rate").get<double>();
  b.optimizer = j.at("optimizer").get<std::string>();
  b.max_seconds = j.at("max_seconds").get<double>();
  b.patience = j.at("patience").get<int>();
  b.threads = j.at("threads").get<int>();
  b.noise_aware = j.at("noise_aware").get<bool>();
  b.variation_samples = j.at("variation_samples").get<int>();
  b.accuracy_hw = j.at("accuracy_hw").get<bool>();
  b.hw_finetune_epochs = j.at("hw_finetune_epochs").get<int>();
  for (const json& v : j.at("prune_below")) b.prune_below.push_back(number_from(v));
  b.prune_on_best_so_far = j.at("prune_on_best_so_far").get<bool>();
  return b;
}

}  // namespace

std::string encode_trial_point(const TrialPoint& p) {
  json hw = json::array();
  for (const config::Override& o : p.hardware_overrides) hw.push_back({o.key_path, o.value_text, o.origin});
  return json{{"params", map_json(p.params)},
              {"hardware", hw},
              {"fidelity", budget_json(p.fidelity)},
              {"seed", p.seed},
              {"model_dir", p.model_dir}}
      .dump();
}

TrialPoint decode_trial_point(const std::string& text) {
  const json j = json::parse(text);
  TrialPoint p;
  p.params = map_from<Point>(j.at("params"));
  for (const json& o : j.at("hardware"))
    p.hardware_overrides.push_back(
        {o.at(0).get<std::string>(), o.at(1).get<std::string>(), o.at(2).get<std::string>()});
  p.fidelity = budget_from(j.at("fidelity"));
  p.seed = j.at("seed").get<uint64_t>();
  p.model_dir = j.at("model_dir").get<std::string>();
  return p;
}

std::string encode_trial_evaluation(const TrialEvaluation& e) {
  json j{{"state", trial_state_name(e.state)},
         {"metrics", map_json(e.metrics)},
         {"stage_seconds", map_json(e.stage_seconds)},
         {"error", e.error},
         {"architecture", e.architecture},
         {"rejected_before_training", e.rejected_before_training},
         {"intermediate", [&] {
            json curve = json::object();
            for (const auto& [epoch, v] : e.intermediate) curve[std::to_string(epoch)] = number_json(v);
            return curve;
          }()}};
  if (e.fitness) j["fitness"] = number_json(*e.fitness);
  return j.dump();
}

TrialEvaluation decode_trial_evaluation(const std::string& text) {
  const json j = json::parse(text);
  TrialEvaluation e;
  e.state = parse_trial_state(j.at("state").get<std::string>());
  e.metrics = map_from<Metrics>(j.at("metrics"));
  e.stage_seconds = map_from<std::map<std::string, double>>(j.at("stage_seconds"));
  e.error = j.at("error").get<std::string>();
  e.architecture = j.at("architecture").get<std::string>();
  e.rejected_before_training = j.at("rejected_before_training").get<bool>();
  if (j.contains("fitness")) e.fitness = number_from(j.at("fitness"));
  for (const auto& [epoch, v] : j.at("intermediate").items()) e.intermediate[std::stoi(epoch)] = number_from(v);
  return e;
}

}  // namespace imc::nas
