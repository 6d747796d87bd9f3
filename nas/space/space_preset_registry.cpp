// SPDX-License-Identifier: MIT
// The registered search-space presets.
#include "configs/policy_names.h"
#include "nas/space/impl/presets.h"

namespace imc::nas {

const SpacePresetRegistry& space_preset_registry() {
  static const SpacePresetRegistry registry = [] {
    SpacePresetRegistry r("space preset");
    r.add("amin2024", spaces::make_amin2024());
    r.add("nacim", spaces::make_nacim());
    r.require_names(config::space_preset_names());
    return r;
  }();
  return registry;
}

const SpacePreset& space_preset(const config::SpaceConfig& cfg) { return *space_preset_registry().at(cfg.preset); }

}  // namespace imc::nas
