// SPDX-License-Identifier: MIT
// The two search spaces of the seed papers, declared from a [space] table, and
// the decoding of a point into a network of the IR.
//   amin2024: n_blocks, then bt<i>/k<i> per block (block i exists when n_blocks >= i).
//   nacim:    conv<i>_kernel, conv<i>_filters per conv layer, fc<j>_neurons per FC layer.
#pragma once

#include <string>

#include "configs/net_spec.h"
#include "configs/search_config.h"
#include "nas/space/search_space.h"
#include "workloads/blocks.h"
#include "workloads/shape.h"

namespace imc::nas {

SearchSpace make_space(const config::SpaceConfig& cfg);

/// A point decoded: a canonical text of the architecture (equal texts, equal networks)
/// and the network spec for the given input shape and number of classes.
struct Candidate {
  std::string architecture;  ///< amin2024: "VGG/16,RES/32,..."; nacim: "3x24,5x36,...|256,128"
  config::NetSpec spec;
};
Candidate decode(const config::SpaceConfig& cfg, const Point& point, const workloads::Shape& input, int classes);
/// Just the canonical text (no network built).
std::string architecture(const config::SpaceConfig& cfg, const Point& point);
/// The hardware point of a co-search point: one override per [[space.hardware]] dimension.
std::vector<config::Override> hardware_overrides(const config::SpaceConfig& cfg, const Point& point);
/// "adc.bits=6, crossbar.rows=128" (empty without hardware dimensions).
std::string hardware_text(const std::vector<config::Override>& overrides);

/// amin2024: the blocks a point chooses (nas/space/impl/amin2024.cpp).
std::vector<workloads::Block> blocks_of(const config::SpaceConfig& cfg, const Point& point);

}  // namespace imc::nas
