// SPDX-License-Identifier: MIT
// sampling = "uniform": single-path one-shot (Guo et al., SPOS, 2020): one path per step,
// drawn uniformly.
#include "nas/oneshot/path_sampling.h"

namespace imc::nas::path_samplings {
namespace {

class Uniform : public PathSampling {
 public:
  std::vector<Point> paths(const config::SpaceConfig&, const Point& drawn) const override { return {drawn}; }
  bool has_teacher() const override { return false; }
};

}  // namespace

std::shared_ptr<const PathSampling> make_uniform() { return std::make_shared<Uniform>(); }

}  // namespace imc::nas::path_samplings
