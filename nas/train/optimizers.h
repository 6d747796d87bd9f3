// SPDX-License-Identifier: MIT
// The registered optimizers (train.optimizer), each made from the parameters to train and the
// training config. Inside nas/train only: it names LibTorch types.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <vector>

#include "configs/registry.h"
#include "nas/train/trainer.h"

namespace imc::nas {

using OptimizerFactory =
    std::function<std::unique_ptr<torch::optim::Optimizer>(std::vector<torch::Tensor> parameters, const TrainConfig&)>;
const config::Registry<OptimizerFactory>& optimizer_registry();

}  // namespace imc::nas
