// SPDX-License-Identifier: MIT
// device.drift_compensation = "none": the outputs as the drifted crossbars give them.
#include "nas/train/device/cell_model.h"

namespace imc::nas::device {
namespace {

class NoCompensation : public DriftCompensation {
 public:
  torch::Tensor factors(const torch::Tensor& programmed, const torch::Tensor&) const override {
    return torch::ones({1, 1}, programmed.options());
  }
};

}  // namespace

std::shared_ptr<const DriftCompensation> make_none() { return std::make_shared<NoCompensation>(); }

}  // namespace imc::nas::device
