// SPDX-License-Identifier: MIT
#include "configs/policy_names.h"

namespace imc::config {

const std::vector<std::string>& placement_names() {
  static const std::vector<std::string> names{"spiral",  "snake",   "row_major", "zigzag",
                                              "traffic", "compact", "optimized"};
  return names;
}

const std::vector<std::string>& routing_names() {
  static const std::vector<std::string> names{"xy"};
  return names;
}

const std::vector<std::string>& noc_mode_names() {
  static const std::vector<std::string> names{"hops", "contention"};
  return names;
}

const std::vector<std::string>& buffer_model_names() {
  static const std::vector<std::string> names{"fixed", "table"};
  return names;
}

const std::vector<std::string>& objective_kind_names() {
  static const std::vector<std::string> names{"fitness", "nacim", "pareto"};
  return names;
}

const std::vector<std::string>& fitness_names() {
  static const std::vector<std::string> names{"accuracy", "accuracy/latency", "accuracy/energy", "accuracy^n/energy"};
  return names;
}

const std::vector<std::string>& space_preset_names() {
  static const std::vector<std::string> names{"amin2024", "nacim"};
  return names;
}

const std::vector<std::string>& sampler_names() {
  static const std::vector<std::string> names{"random", "tpe", "nsga2"};
  return names;
}

const std::vector<std::string>& pruner_names() {
  static const std::vector<std::string> names{"none", "median", "asha"};
  return names;
}

}  // namespace imc::config
