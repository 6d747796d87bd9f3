// SPDX-License-Identifier: MIT
// A network's trained values as plain arrays, without LibTorch: what ONNX import reads and
// export writes, and what nas/train copies into and out of its modules.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace imc::workloads {

/// A dense float tensor in row-major order (PyTorch's and ONNX's layout).
struct WeightTensor {
  std::vector<int64_t> dims;
  std::vector<float> values;
};

/// Keyed "<layer>.<param>" as PyTorch's state_dict names them: conv2d and linear have
/// "weight" ([out, in, k, k] or [out, in]) and "bias"; batchnorm has "weight", "bias",
/// "running_mean" and "running_var".
using NetWeights = std::map<std::string, WeightTensor>;

}  // namespace imc::workloads
