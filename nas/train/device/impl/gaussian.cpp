// SPDX-License-Identifier: MIT
// device.model = "gaussian": every cell off its level by a normal draw of
// device.variation_sigma_levels levels, fixed for the chip; no drift.
#include "nas/train/device/cell_model.h"

namespace imc::nas::device {
namespace {

class Gaussian : public CellModel {
 public:
  bool draws(const config::DeviceConfig& d) const override { return d.variation_sigma_levels > 0; }
  CellDraw draw(const torch::Tensor& target, double, const config::DeviceConfig& d, at::Generator& g) const override {
    if (!draws(d)) return {target, target};
    const torch::Tensor cells = target + torch::randn(target.sizes(), g, target.options()) * d.variation_sigma_levels;
    return {cells, cells};
  }
};

}  // namespace

std::shared_ptr<const CellModel> make_gaussian() { return std::make_shared<Gaussian>(); }

}  // namespace imc::nas::device
