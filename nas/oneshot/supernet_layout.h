// SPDX-License-Identifier: MIT
// How the candidates of a search space share one supernet's tensors (plain C++, no LibTorch).
// Each weighted or BN layer of a candidate draws its tensors from a bank, which the space
// preset names (SpacePreset::bank_of); a linear layer after a flatten draws from a bank per
// feature-map size (its columns are channel-major, so fewer channels are its first columns).
// A bank is as large as the largest tensor drawn from it among the preset's covering
// candidates; a candidate takes the leading part of every dimension, except a conv kernel,
// which is the centre of the bank's (a smaller kernel derived from the larger, as
// once-for-all does). docs/oneshot.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "configs/search_config.h"
#include "nas/space/search_space.h"
#include "workloads/network.h"

namespace imc::nas {

/// One tensor of the supernet: a parameter, or a BN running statistic (not trained).
struct BankTensor {
  std::vector<int64_t> dims;
  bool trained = true;
};

/// A candidate's tensor: the part [offset, offset + dims) of a bank tensor, per dimension.
struct TensorSlice {
  std::string tensor;  ///< the bank tensor's name, "<bank>.<param>"
  std::vector<int64_t> offset, dims;
};

/// The slices of one layer of a candidate, by the layer's parameter name (weight, bias,
/// running_mean, running_var), as NetWeights names them.
using LayerSlices = std::map<std::string, TensorSlice>;

class SupernetLayout {
 public:
  /// The banks of `cfg`'s space for `input` images and `classes` outputs. Throws
  /// std::invalid_argument when the preset's candidates cannot share (a kernel whose
  /// difference from the bank's is odd, a layer kind without a rule).
  static SupernetLayout of(const config::SpaceConfig& cfg, const workloads::Shape& input, int classes);

  /// Every bank tensor, by name, in a fixed order (the name's).
  const std::map<std::string, BankTensor>& tensors() const { return m_tensors; }
  int64_t parameters() const;

  /// The slices each layer of `net` (the network `point` decodes to) takes, by layer index
  /// (nothing for layers without tensors). Throws std::invalid_argument naming the layer when a
  /// slice does not fit its bank (the candidate is not in the supernet's space).
  std::vector<std::optional<LayerSlices>> slices(const Point& point, const workloads::Network& net) const;

 private:
  SupernetLayout(const config::SpaceConfig& cfg) : m_cfg(cfg) {}
  /// The tensors of layer `i`, wanted at their shape in `net`: name -> (bank tensor, dims).
  std::map<std::string, std::pair<std::string, std::vector<int64_t>>> wanted(const Point& point,
                                                                             const workloads::Network& net,
                                                                             size_t i) const;

  config::SpaceConfig m_cfg;
  std::map<std::string, BankTensor> m_tensors;
};

}  // namespace imc::nas
