// SPDX-License-Identifier: MIT
// How a chip's cells hold the levels they are programmed to (device.model): one draw per chip,
// in conductance levels, right after programming and device.time_s later. A model is a file in
// impl/ and a line in configs/policies/cell_models.def. Internal to nas/train.
#pragma once

#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <memory>

#include "configs/hw_config.h"
#include "configs/registry.h"

namespace imc::nas {

/// One chip's cells: the conductances (in levels) right after programming, which a drift
/// compensation reads as its baseline, and at the time of inference.
struct CellDraw {
  torch::Tensor programmed;
  torch::Tensor now;
};

class CellModel {
 public:
  virtual ~CellModel() = default;
  /// Whether the model draws anything for `d`; if not, every cell holds its target exactly.
  virtual bool draws(const config::DeviceConfig& d) const = 0;
  /// Cells programmed to `target` levels (0 to `top_level`, any shape), drawn from `g`.
  virtual CellDraw draw(const torch::Tensor& target, double top_level, const config::DeviceConfig& d,
                        at::Generator& g) const = 0;
};

using CellModels = config::Registry<std::shared_ptr<const CellModel>>;
const CellModels& cell_models();

/// A chip's digital correction of drift: it reads each layer's crossbars with the one-hot inputs
/// right after programming and again at inference, and scales the layer's outputs by the ratio
/// (device.drift_compensation). A variant is a file in impl/ and a line in
/// configs/policies/drift_compensations.def.
class DriftCompensation {
 public:
  virtual ~DriftCompensation() = default;
  /// The factors that multiply the layer's outputs, 1 x cols (or 1 x 1, one for all columns).
  /// `programmed` and `now`: the weights the crossbars hold (rows x cols, in weight steps), right
  /// after programming and at the time of inference.
  virtual torch::Tensor factors(const torch::Tensor& programmed, const torch::Tensor& now) const = 0;
};

using DriftCompensations = config::Registry<std::shared_ptr<const DriftCompensation>>;
const DriftCompensations& drift_compensations();

}  // namespace imc::nas
