// SPDX-License-Identifier: MIT
// device.drift_compensation = "global": AIHWKit's global drift compensation. The one-hot inputs
// read every row of the layer's weights; the mean |output| right after programming over the
// mean |output| at inference scales all of the layer's outputs (one digital factor per layer).
#include "nas/train/device/cell_model.h"
#include "nas/train/device/pcm_statistics.h"

namespace imc::nas::device {
namespace {

class GlobalCompensation : public DriftCompensation {
 public:
  torch::Tensor factors(const torch::Tensor& programmed, const torch::Tensor& now) const override {
    const torch::Tensor baseline = programmed.abs().mean();
    return (baseline / now.abs().mean().clamp_min(pcm::kMinCompensationReadout)).view({1, 1});
  }
};

}  // namespace

std::shared_ptr<const DriftCompensation> make_global() { return std::make_shared<GlobalCompensation>(); }

}  // namespace imc::nas::device
