// SPDX-License-Identifier: MIT
#include "nas/train/reference_loop.h"

#include <torch/torch.h>

#include <chrono>

#include "nas/train/threads.h"

namespace imc::nas {

double plain_libtorch_samples_per_s(const DataSplits& data, int k, int hidden, size_t subset, int batch_size,
                                    uint64_t seed) {
  torch::manual_seed(seed);
  configure_threads(0);  // the same threading as the trainer
  const ImageSet s = take(data.train, subset);
  const int h = s.height / 2, w = s.width / 2;
  torch::nn::Sequential net(torch::nn::Conv2d(torch::nn::Conv2dOptions(s.channels, k, 3).padding(1)), torch::nn::ReLU(),
                            torch::nn::Conv2d(torch::nn::Conv2dOptions(k, k, 3).padding(1)), torch::nn::ReLU(),
                            torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2)), torch::nn::Flatten(),
                            torch::nn::Linear(k * h * w, hidden), torch::nn::ReLU(),
                            torch::nn::Linear(hidden, s.classes));
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-3));

  torch::Tensor x = torch::empty({long(s.size()), s.channels, s.height, s.width}, torch::kUInt8);
  std::copy(s.pixels.begin(), s.pixels.end(), x.data_ptr<uint8_t>());
  x = x.to(torch::kFloat32).div_(255.0).sub_(data.mean[0]).div_(data.std[0]);
  const torch::Tensor y = torch::tensor(s.labels, torch::kInt64);

  net->train();
  const auto start = std::chrono::steady_clock::now();
  const torch::Tensor perm = torch::randperm(x.size(0), torch::kInt64);
  for (int64_t b = 0; b < x.size(0); b += batch_size) {
    const torch::Tensor idx = perm.slice(0, b, std::min<int64_t>(x.size(0), b + batch_size));
    opt.zero_grad();
    const torch::Tensor loss =
        torch::nn::functional::cross_entropy(net->forward(x.index_select(0, idx)), y.index_select(0, idx));
    loss.backward();
    opt.step();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return double(x.size(0)) / seconds;
}

}  // namespace imc::nas
