// SPDX-License-Identifier: MIT
// Trained networks in and out of LibTorch: imported weights as a starting point, and a
// trained network saved as a network TOML, LibTorch weights and an ONNX model.
#pragma once

#include <string>

#include "configs/net_spec.h"
#include "workloads/net_weights.h"
#include "workloads/network.h"

namespace imc::nas {

class NetModuleImpl;

/// Copies weights into the module's parameters and batchnorm statistics. Every parameter
/// must be given with its shape; throws std::invalid_argument naming the first that is not.
void load_weights(NetModuleImpl& module, const workloads::NetWeights& weights);
/// The module's parameters and batchnorm statistics, by "<layer>.<param>".
workloads::NetWeights module_weights(NetModuleImpl& module);

/// The files a saved model consists of, in `dir`.
struct SavedModelFiles {
  std::string network_toml;  ///< net.toml: the network as a network TOML
  std::string weights_pt;    ///< weights.pt: torch::save of the module (load with torch::load)
  std::string onnx;          ///< net.onnx: the network and its weights
};

/// Writes the three files into `dir` (created if missing). Each file is complete or absent.
SavedModelFiles save_trained_model(const std::string& dir, const config::NetSpec& spec, const workloads::Network& net,
                                   const workloads::NetWeights& weights, const std::string& version);

}  // namespace imc::nas
