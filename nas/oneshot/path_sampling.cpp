// SPDX-License-Identifier: MIT
#include "nas/oneshot/path_sampling.h"

#include "configs/policy_names.h"

namespace imc::nas {

const PathSamplingRegistry& path_sampling_registry() {
  static const PathSamplingRegistry registry = [] {
    PathSamplingRegistry r("supernet path sampling");
    r.add("uniform", path_samplings::make_uniform());
    r.add("sandwich", path_samplings::make_sandwich());
    r.require_names(config::path_sampling_names());
    return r;
  }();
  return registry;
}

}  // namespace imc::nas
