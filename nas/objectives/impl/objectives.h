// SPDX-License-Identifier: MIT
// The objective kinds' factories, one per file of this folder (registered in objective_registry.cpp).
#pragma once

#include <memory>

#include "nas/objectives/objective.h"

namespace imc::nas::objectives {

std::shared_ptr<const ObjectivePolicy> make_fitness();
std::shared_ptr<const ObjectivePolicy> make_nacim();
std::shared_ptr<const ObjectivePolicy> make_pareto();

}  // namespace imc::nas::objectives
