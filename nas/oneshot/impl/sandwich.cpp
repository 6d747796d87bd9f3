// SPDX-License-Identifier: MIT
// sampling = "sandwich": the sandwich rule (Yu et al., BigNAS, 2020; slimmable networks): each
// step trains the drawn topology at its largest widths, at its smallest, and as drawn. The
// largest is the teacher. Applied to the drawn topology, not to the whole space's largest
// network: the space's block types and depths differ in kind, not only in size.
#include "nas/oneshot/path_sampling.h"
#include "nas/space/space_preset.h"

namespace imc::nas::path_samplings {
namespace {

class Sandwich : public PathSampling {
 public:
  std::vector<Point> paths(const config::SpaceConfig& cfg, const Point& drawn) const override {
    const SpacePreset& preset = space_preset(cfg);
    return {preset.with_widths(cfg, drawn, true), preset.with_widths(cfg, drawn, false), drawn};
  }
  bool has_teacher() const override { return true; }
};

}  // namespace

std::shared_ptr<const PathSampling> make_sandwich() { return std::make_shared<Sandwich>(); }

}  // namespace imc::nas::path_samplings
