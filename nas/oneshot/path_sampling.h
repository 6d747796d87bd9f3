// SPDX-License-Identifier: MIT
// Which sub-networks one supernet training step trains, given the point drawn for it
// (supernet.sampling). Variants in impl/, registered in path_sampling.cpp under the names
// configs/policy_names.h accepts. Plain C++.
#pragma once

#include <memory>
#include <vector>

#include "configs/registry.h"
#include "configs/search_config.h"
#include "nas/space/search_space.h"

namespace imc::nas {

class PathSampling {
 public:
  virtual ~PathSampling() = default;
  /// The points one step trains, from the point drawn uniformly from the space. When
  /// has_teacher(), the first is the largest: it learns the labels, and with distillation its
  /// outputs teach the others.
  virtual std::vector<Point> paths(const config::SpaceConfig& cfg, const Point& drawn) const = 0;
  virtual bool has_teacher() const = 0;
};

using PathSamplingRegistry = config::Registry<std::shared_ptr<const PathSampling>>;
const PathSamplingRegistry& path_sampling_registry();

namespace path_samplings {
std::shared_ptr<const PathSampling> make_uniform();
std::shared_ptr<const PathSampling> make_sandwich();
}  // namespace path_samplings

}  // namespace imc::nas
