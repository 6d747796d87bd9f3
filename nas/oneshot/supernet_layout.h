// SPDX-License-Identifier: MIT
// How the candidates of a search space share one supernet's tensors (plain C++, no LibTorch).
// Each weighted or BN layer of a candidate draws its tensors from a bank, which the space
// preset names (SpacePreset::bank_of); a linear layer after a flatten draws from a bank per
// feature-map size (its columns are channel-major, so fewer channels are its first columns).
// A bank is as large as the largest tensor drawn from it among the preset's covering
// candidates; a candidate takes the leading part of every dimension, except a conv kernel,
// which is the centre of the bank's (a smaller kernel derived from the larger, as
// once-for-all does). A weight reading fewer input channels is scaled up by the ratio (see
// TensorSlice::scale). A conv or hidden linear layer without a BN after it trains with one
// (normalized_in_training): the sharing paths feed it inputs of different scales, and without
// it the supernet does not learn; a candidate's statistics of it are folded into its weights
// and bias when it is extracted. BN running statistics are not banked: each candidate
// re-estimates its own. docs/oneshot.md.
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

/// One trained tensor of the supernet.
struct BankTensor {
  std::vector<int64_t> dims;
};

/// A candidate's tensor: the part [offset, offset + dims) of a bank tensor, per dimension.
struct TensorSlice {
  std::string tensor;  ///< the bank tensor's name, "<bank>.<param>"
  std::vector<int64_t> offset, dims;
  /// What the slice is multiplied by: for a weight that reads fewer input channels than its
  /// bank, bank's / slice's, so that a layer's output keeps its scale whatever the width of
  /// the layer before (layers without BN after them share weights across widths only then).
  double scale = 1;
};

/// The slices of one layer of a candidate, by parameter: weight and bias (a conv's, a linear's,
/// a BN's affine part) as NetWeights names them, and norm_weight and norm_bias (the affine
/// part of the normalization a layer trains with).
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

  /// Whether layer `i` of `net` trains with a normalization of the supernet's own: a conv or
  /// linear layer with a bias, no BN after it, and not the network's output.
  static bool normalized_in_training(const workloads::Network& net, size_t i);

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
