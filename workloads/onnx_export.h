// SPDX-License-Identifier: MIT
// Writes a network of the IR and its weights as an ONNX model (opset 13) that
// import_onnx_file reads back to the same IR.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "workloads/net_weights.h"
#include "workloads/network.h"

namespace imc::workloads {

/// The serialized model (write it with traces::write_file). Every conv, linear and batchnorm parameter must be in
/// `weights` with its PyTorch shape; throws NetworkError naming the missing or misshapen one.
std::string export_onnx_bytes(const Network& net, const NetWeights& weights, const std::string& producer_version);

/// Untrained weights as PyTorch initializes them (uniform in +-1/sqrt(fan_in); batchnorm
/// 1, 0, 0, 1), drawn from `seed`: for exporting a network nobody has trained.
NetWeights initial_weights(const Network& net, uint64_t seed);

/// The PyTorch shape of every parameter of the network, by "<layer>.<param>".
std::map<std::string, std::vector<int64_t>> parameter_shapes(const Network& net);

}  // namespace imc::workloads
