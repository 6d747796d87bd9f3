// SPDX-License-Identifier: MIT
#include "nas/train/optimizers.h"

#include "configs/policy_names.h"

namespace imc::nas {

const config::Registry<OptimizerFactory>& optimizer_registry() {
  using Made = std::unique_ptr<torch::optim::Optimizer>;
  static const config::Registry<OptimizerFactory> registry = [] {
    config::Registry<OptimizerFactory> r("optimizer");
    r.add("adam", [](std::vector<torch::Tensor> parameters, const TrainConfig& cfg) -> Made {
      return std::make_unique<torch::optim::Adam>(std::move(parameters), torch::optim::AdamOptions(cfg.learning_rate));
    });
    r.add("sgd", [](std::vector<torch::Tensor> parameters, const TrainConfig& cfg) -> Made {
      return std::make_unique<torch::optim::SGD>(std::move(parameters),
                                                 torch::optim::SGDOptions(cfg.learning_rate).momentum(cfg.momentum));
    });
    r.require_names(config::optimizer_names());
    return r;
  }();
  return registry;
}

}  // namespace imc::nas
