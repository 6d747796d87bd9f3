// SPDX-License-Identifier: MIT
// The names the config layer accepts for each policy kind, in the order errors list them.
// The layers above implement each kind in a Registry (configs/registry.h) that is built
// against these lists and refuses to be built unless it implements exactly these names, so a
// config that parses is a config whose policies exist. The kinds with a list in
// configs/policies/*.def (placement, routing, objective, sampler, the converter and cell models,
// drift compensation)
// take their names from it: a variant is its file in impl/ and its line there. The others:
// their file in impl/, their registration line, and their name here.
#pragma once

#include <string>
#include <vector>

namespace imc::config {

const std::vector<std::string>& placement_names();      ///< chip.placement (mapping/placement/)
const std::vector<std::string>& group_packing_names();  ///< mapping.group_packing (mapping/group_packing/)
const std::vector<std::string>& routing_names();        ///< noc.routing (systemc_models/noc/routing/)
const std::vector<std::string>&
noc_allocator_names();                               ///< noc.vc_allocator, noc.sw_allocator (systemc_models/noc/flit/)
const std::vector<std::string>& noc_mode_names();    ///< noc.mode
const std::vector<std::string>& cell_model_names();  ///< device.model (nas/train/device/)
const std::vector<std::string>& drift_compensation_names();  ///< device.drift_compensation (nas/train/device/)
const std::vector<std::string>& objective_kind_names();      ///< objective.kind (nas/objectives/)
const std::vector<std::string>& fitness_names();             ///< objective.fitness, the paper's presets
const std::vector<std::string>& space_preset_names();        ///< space.preset (nas/space/)
const std::vector<std::string>& block_type_names();          ///< space.block_types (workloads/blocks.cpp)
const std::vector<std::string>& sampler_names();             ///< sampler.name (nas/samplers/)
const std::vector<std::string>& pareto_sampler_names();      ///< the samplers a pareto objective can use
const std::vector<std::string>& pruner_names();              ///< pruner.kind (nas/search/pruners/)
const std::vector<std::string>& evaluator_names();           ///< evaluator.kind (docs/oneshot.md)
const std::vector<std::string>& path_sampling_names();       ///< supernet.sampling (nas/oneshot/)
const std::vector<std::string>& tpe_gamma_names();           ///< sampler.gamma (nas/samplers/impl/tpe_sampler.cpp)
const std::vector<std::string>& optimizer_names();           ///< train.optimizer (nas/train/trainer.cpp)
const std::vector<std::string>& dataset_format_names();      ///< format of a data config (nas/train/dataset.cpp)

}  // namespace imc::config
