// SPDX-License-Identifier: MIT
#include "nas/train/saved_model.h"

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "configs/net_writer.h"
#include "nas/train/torch_net.h"
#include "traces/output_file.h"
#include "workloads/onnx_export.h"

namespace imc::nas {
namespace {

std::string dims_text(const std::vector<int64_t>& dims) {
  std::string s;
  for (int64_t d : dims) s += (s.empty() ? "" : ", ") + std::to_string(d);
  return "[" + s + "]";
}

/// The named tensors a network's weights consist of (parameters, then BN statistics).
std::vector<std::pair<std::string, torch::Tensor>> named_tensors(NetModuleImpl& module) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : module.named_parameters()) out.emplace_back(p.key(), p.value());
  for (const auto& b : module.named_buffers()) {
    const std::string& key = b.key();
    if (key.size() > 20 && key.compare(key.size() - 20, 20, ".num_batches_tracked") == 0) continue;
    out.emplace_back(key, b.value());
  }
  return out;
}

}  // namespace

void load_weights(NetModuleImpl& module, const workloads::NetWeights& weights) {
  torch::NoGradGuard no_grad;
  for (auto& [key, tensor] : named_tensors(module)) {
    const auto it = weights.find(key);
    const std::vector<int64_t> want(tensor.sizes().begin(), tensor.sizes().end());
    if (it == weights.end()) throw std::invalid_argument("the imported weights have no '" + key + "'");
    if (it->second.dims != want) {
      throw std::invalid_argument("the imported weights '" + key + "' have shape " + dims_text(it->second.dims) +
                                  ", but the network needs " + dims_text(want) +
                                  " (did --input, --classes or the dataset change the network?)");
    }
    const auto& v = it->second.values;
    tensor.copy_(torch::from_blob(const_cast<float*>(v.data()), tensor.sizes(), torch::kFloat32));
  }
}

workloads::NetWeights module_weights(NetModuleImpl& module) {
  workloads::NetWeights out;
  for (auto& [key, tensor] : named_tensors(module)) {
    const torch::Tensor t = tensor.detach().to(torch::kFloat32).contiguous();
    workloads::WeightTensor w;
    w.dims.assign(t.sizes().begin(), t.sizes().end());
    w.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    out[key] = std::move(w);
  }
  return out;
}

SavedModelFiles save_trained_model(const std::string& dir, const config::NetSpec& spec, const workloads::Network& net,
                                   const workloads::NetWeights& weights, const std::string& version) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir + ": cannot create the directory: " + ec.message());
  const std::filesystem::path d(dir);
  SavedModelFiles files{(d / "net.toml").string(), (d / "weights.pt").string(), (d / "net.onnx").string()};

  traces::write_file(files.network_toml, config::net_spec_toml(spec));
  NetModule module(net);
  load_weights(*module, weights);
  std::ostringstream pt;
  torch::save(module, pt);
  traces::write_file(files.weights_pt, pt.str());
  traces::write_file(files.onnx, workloads::export_onnx_bytes(net, weights, version));
  return files;
}

}  // namespace imc::nas
