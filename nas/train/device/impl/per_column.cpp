// SPDX-License-Identifier: MIT
// device.drift_compensation = "per_column": the same readout as "global", one factor per output
// column (AIHWKit's per-column variant): mean |output| of the column right after programming over
// the same at inference.
#include "nas/train/device/cell_model.h"
#include "nas/train/device/pcm_statistics.h"

namespace imc::nas::device {
namespace {

class PerColumnCompensation : public DriftCompensation {
 public:
  torch::Tensor factors(const torch::Tensor& programmed, const torch::Tensor& now) const override {
    const torch::Tensor baseline = programmed.abs().mean(0, true);
    return baseline / now.abs().mean(0, true).clamp_min(pcm::kMinCompensationReadout);
  }
};

}  // namespace

std::shared_ptr<const DriftCompensation> make_per_column() { return std::make_shared<PerColumnCompensation>(); }

}  // namespace imc::nas::device
