// SPDX-License-Identifier: MIT
// A search-space preset (the `preset` of a search config's [space]): the architecture
// parameters it declares, how a point decodes into a network, and how reports lay out its
// architecture in table columns. Variants in impl/, one file each, registered in
// space_preset_registry.cpp under the names configs/policy_names.h accepts.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "configs/registry.h"
#include "configs/search_config.h"
#include "nas/space/presets.h"
#include "workloads/network.h"

namespace imc::nas {

class SpacePreset {
 public:
  virtual ~SpacePreset() = default;
  /// The architecture's parameters (hardware dimensions are added by make_space).
  virtual SearchSpace space(const config::SpaceConfig& cfg) const = 0;
  /// The network a point stands for, on `input` with `classes` outputs.
  virtual Candidate decode(const config::SpaceConfig& cfg, const Point& point, const workloads::Shape& input,
                           int classes) const = 0;
  /// Just the canonical text of a point's architecture (equal texts, equal networks).
  virtual std::string architecture(const config::SpaceConfig& cfg, const Point& point) const = 0;
  /// The architecture's table cells, as best.md and best.tex lay them out.
  virtual std::vector<std::string> cells(const config::SpaceConfig& cfg, const Point& point) const = 0;
  /// The headers of `columns` architecture columns; `long_form` for Markdown, short for LaTeX.
  virtual std::vector<std::string> headers(size_t columns, bool long_form) const = 0;
  /// Architecture columns a table has even without rows.
  virtual size_t min_columns() const { return 0; }
  /// The point an architecture's canonical text stands for; throws std::invalid_argument
  /// saying what is not in the space.
  virtual Point point_of(const config::SpaceConfig& cfg, const std::string& architecture) const = 0;

  // Weight sharing (nas/oneshot/supernet_layout.h).
  /// Points whose networks together hold every bank at its largest.
  virtual std::vector<Point> covering_points(const config::SpaceConfig& cfg) const = 0;
  /// The bank a weighted or BN layer of the network `point` decodes to draws its tensors from.
  virtual std::string bank_of(const config::SpaceConfig& cfg, const Point& point,
                              const workloads::Layer& layer) const = 0;
  /// `point` with every width choice (kernels, filters, neurons, kernel sizes) at its largest,
  /// or its smallest: the sandwich rule's two ends of a sampled topology.
  virtual Point with_widths(const config::SpaceConfig& cfg, const Point& point, bool largest) const = 0;
};

using SpacePresetRegistry = config::Registry<std::shared_ptr<const SpacePreset>>;
const SpacePresetRegistry& space_preset_registry();
/// The preset `cfg.preset` names.
const SpacePreset& space_preset(const config::SpaceConfig& cfg);

}  // namespace imc::nas
