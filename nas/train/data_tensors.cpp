// SPDX-License-Identifier: MIT
#include "nas/train/data_tensors.h"

namespace imc::nas {

torch::Tensor images_tensor(const ImageSet& s, const DataSplits& d) {
  torch::Tensor t = torch::empty({static_cast<long>(s.size()), s.channels, s.height, s.width}, torch::kUInt8);
  std::copy(s.pixels.begin(), s.pixels.end(), t.data_ptr<uint8_t>());
  torch::Tensor f = t.to(torch::kFloat32).div_(255.0);
  for (int c = 0; c < s.channels; ++c)
    f.select(1, c).sub_(d.mean[static_cast<size_t>(c)]).div_(d.std[static_cast<size_t>(c)]);
  return f;
}

torch::Tensor labels_tensor(const ImageSet& s) {
  return torch::from_blob(const_cast<int64_t*>(s.labels.data()), {static_cast<long>(s.size())}, torch::kInt64).clone();
}

}  // namespace imc::nas
