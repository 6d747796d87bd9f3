// SPDX-License-Identifier: MIT
#include "nas/oneshot/supernet_layout.h"

#include <stdexcept>

#include "nas/space/space_preset.h"

namespace imc::nas {
namespace {

using workloads::LayerKind;

std::string dims_text(const std::vector<int64_t>& dims) {
  std::string s;
  for (int64_t d : dims) s += (s.empty() ? "" : ", ") + std::to_string(d);
  return "[" + s + "]";
}

/// A linear layer right after a flatten of a feature map: its bank is per map size.
std::string map_size_suffix(const workloads::Network& net, const workloads::Layer& l) {
  if (l.producers.empty()) return "";
  const workloads::Layer& p = net.layer(l.producers.front());
  if (p.kind() != LayerKind::Flatten || p.in.flat) return "";
  return "@" + std::to_string(p.in.height) + "x" + std::to_string(p.in.width);
}

}  // namespace

bool SupernetLayout::normalized_in_training(const workloads::Network& net, size_t i) {
  const workloads::Layer& l = net.layers()[i];
  if (l.kind() != LayerKind::Conv2d && l.kind() != LayerKind::Linear) return false;
  if (!l.spec.bias || i + 1 == net.layers().size()) return false;  // nowhere to fold a shift; the logits
  return !(l.consumers.size() == 1 && net.layer(l.consumers.front()).kind() == LayerKind::BatchNorm);
}

std::map<std::string, std::pair<std::string, std::vector<int64_t>>> SupernetLayout::wanted(
    const Point& point, const workloads::Network& net, size_t i) const {
  const workloads::Layer& l = net.layers()[i];
  const config::LayerSpec& s = l.spec;
  std::map<std::string, std::pair<std::string, std::vector<int64_t>>> out;
  auto bank = [&] { return space_preset(m_cfg).bank_of(m_cfg, point, l); };
  std::string b;
  switch (l.kind()) {
    case LayerKind::Conv2d:
      b = bank();
      out["weight"] = {b + ".weight", {s.out_channels, l.in.channels / s.groups, s.kernel, s.kernel}};
      break;
    case LayerKind::Linear:
      b = bank() + map_size_suffix(net, l);
      out["weight"] = {b + ".weight", {s.out_channels, l.in.elements()}};
      break;
    case LayerKind::BatchNorm:
      // Only the affine part: a candidate's statistics are its own (SupernetImpl::View).
      b = bank();
      for (const char* param : {"weight", "bias"}) out[param] = {b + "." + param, {l.in.channels}};
      return out;
    default:
      return out;
  }
  if (s.bias) out["bias"] = {b + ".bias", {s.out_channels}};
  if (normalized_in_training(net, i))
    for (const char* param : {"norm_weight", "norm_bias"}) out[param] = {b + "." + param, {s.out_channels}};
  return out;
}

SupernetLayout SupernetLayout::of(const config::SpaceConfig& cfg, const workloads::Shape& input, int classes) {
  SupernetLayout layout(cfg);
  const SpacePreset& preset = space_preset(cfg);
  for (const Point& point : preset.covering_points(cfg)) {
    const Candidate c = preset.decode(cfg, point, input, classes);
    std::optional<workloads::Network> net;
    try {
      net.emplace(workloads::Network::build(c.spec));
    } catch (const workloads::NetworkError&) {
      continue;  // its feature map collapses: the other covering networks hold these banks
    }
    for (size_t i = 0; i < net->layers().size(); ++i) {
      for (const auto& [param, want] : layout.wanted(point, *net, i)) {
        BankTensor& t = layout.m_tensors[want.first];
        if (t.dims.empty()) {
          t.dims = want.second;
          continue;
        }
        if (t.dims.size() != want.second.size())
          throw std::invalid_argument("supernet tensor " + want.first + " is wanted as " + dims_text(t.dims) +
                                      " and as " + dims_text(want.second) + " by " + c.architecture);
        for (size_t d = 0; d < t.dims.size(); ++d) t.dims[d] = std::max(t.dims[d], want.second[d]);
      }
    }
  }
  if (layout.m_tensors.empty())
    throw std::invalid_argument("no network of the space builds on " + input.str() +
                                " images, so there is no supernet to train");
  return layout;
}

int64_t SupernetLayout::parameters() const {
  int64_t n = 0;
  for (const auto& [name, t] : m_tensors) {
    int64_t e = 1;
    for (int64_t d : t.dims) e *= d;
    n += e;
  }
  return n;
}

std::vector<std::optional<LayerSlices>> SupernetLayout::slices(const Point& point,
                                                               const workloads::Network& net) const {
  std::vector<std::optional<LayerSlices>> out(net.layers().size());
  for (size_t i = 0; i < net.layers().size(); ++i) {
    const workloads::Layer& l = net.layers()[i];
    for (const auto& [param, want] : wanted(point, net, i)) {
      const auto it = m_tensors.find(want.first);
      if (it == m_tensors.end())
        throw std::invalid_argument("layer " + l.name() + " of " + net.name() + " draws from " + want.first +
                                    ", which the supernet does not have: the architecture is not in its space");
      const std::vector<int64_t>& bank = it->second.dims;
      TensorSlice slice{want.first, std::vector<int64_t>(bank.size(), 0), want.second};
      for (size_t d = 0; d < bank.size(); ++d) {
        if (want.second[d] > bank[d])
          throw std::invalid_argument("layer " + l.name() + " of " + net.name() + " needs " + param + " " +
                                      dims_text(want.second) + ", larger than the supernet's " + want.first + " " +
                                      dims_text(bank) + ": the architecture is not in its space");
        // A conv kernel is the centre of the bank's.
        const bool kernel_dim = l.kind() == LayerKind::Conv2d && param == "weight" && d >= 2;
        if (!kernel_dim) continue;
        if ((bank[d] - want.second[d]) % 2 != 0)
          throw std::invalid_argument("layer " + l.name() + ": a " + std::to_string(want.second[d]) +
                                      "-wide kernel has no centre in the supernet's " + std::to_string(bank[d]) +
                                      "-wide one; kernel sizes that share weights must all be odd or all even");
        slice.offset[d] = (bank[d] - want.second[d]) / 2;
      }
      // Dimension 1 of a conv or linear weight is its input channels (a linear layer's columns).
      if (param == "weight" && bank.size() >= 2) slice.scale = double(bank[1]) / double(want.second[1]);
      if (!out[i]) out[i].emplace();
      (*out[i])[param] = std::move(slice);
    }
  }
  return out;
}

}  // namespace imc::nas
