// SPDX-License-Identifier: MIT
#include "configs/policy_names.h"

namespace imc::config {

// The kinds with a list in configs/policies/*.def take their names from it.
const std::vector<std::string>& placement_names() {
  static const std::vector<std::string> names{
#define IMC_CURVE(name) #name,
#define IMC_PLACEMENT(name) #name,
#include "configs/policies/placements.def"
#undef IMC_CURVE
#undef IMC_PLACEMENT
  };
  return names;
}

const std::vector<std::string>& routing_names() {
  static const std::vector<std::string> names{
#define IMC_ROUTING(name) #name,
#include "configs/policies/routings.def"
#undef IMC_ROUTING
  };
  return names;
}

const std::vector<std::string>& noc_allocator_names() {
  static const std::vector<std::string> names{
#define IMC_NOC_ALLOCATOR(name) #name,
#include "configs/policies/noc_allocators.def"
#undef IMC_NOC_ALLOCATOR
  };
  return names;
}

const std::vector<std::string>& noc_mode_names() {
  static const std::vector<std::string> names{"hops", "contention", "flit"};
  return names;
}

const std::vector<std::string>& group_packing_names() {
  static const std::vector<std::string> names{
#define IMC_GROUP_PACKING(name) #name,
#include "configs/policies/group_packings.def"
#undef IMC_GROUP_PACKING
  };
  return names;
}

const std::vector<std::string>& cell_model_names() {
  static const std::vector<std::string> names{
#define IMC_CELL_MODEL(name) #name,
#include "configs/policies/cell_models.def"
#undef IMC_CELL_MODEL
  };
  return names;
}

const std::vector<std::string>& drift_compensation_names() {
  static const std::vector<std::string> names{
#define IMC_DRIFT_COMPENSATION(name) #name,
#include "configs/policies/drift_compensations.def"
#undef IMC_DRIFT_COMPENSATION
  };
  return names;
}

const std::vector<std::string>& objective_kind_names() {
  static const std::vector<std::string> names{
#define IMC_OBJECTIVE(name) #name,
#include "configs/policies/objectives.def"
#undef IMC_OBJECTIVE
  };
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

const std::vector<std::string>& block_type_names() {
  static const std::vector<std::string> names{
#define IMC_BLOCK_TYPE(name) #name,
#include "configs/policies/block_types.def"
#undef IMC_BLOCK_TYPE
  };
  return names;
}

const std::vector<std::string>& sampler_names() {
  static const std::vector<std::string> names{
#define IMC_SAMPLER(name) #name,
#include "configs/policies/samplers.def"
#undef IMC_SAMPLER
  };
  return names;
}

const std::vector<std::string>& pruner_names() {
  static const std::vector<std::string> names{"none", "median", "asha"};
  return names;
}

const std::vector<std::string>& pareto_sampler_names() {
  static const std::vector<std::string> names{"random", "nsga2"};
  return names;
}

const std::vector<std::string>& evaluator_names() {
  static const std::vector<std::string> names{"train", "oneshot"};
  return names;
}

const std::vector<std::string>& path_sampling_names() {
  static const std::vector<std::string> names{"uniform", "sandwich"};
  return names;
}

const std::vector<std::string>& tpe_gamma_names() {
  static const std::vector<std::string> names{"hyperopt", "optuna"};
  return names;
}

const std::vector<std::string>& optimizer_names() {
  static const std::vector<std::string> names{"adam", "sgd"};
  return names;
}

const std::vector<std::string>& dataset_format_names() {
  static const std::vector<std::string> names{"idx", "sign-csv", "cifar10-bin"};
  return names;
}

}  // namespace imc::config
