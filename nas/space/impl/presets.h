// SPDX-License-Identifier: MIT
// The search-space presets' factories, one per file of this folder (registered in
// space_preset_registry.cpp), and the parameter helpers they share.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nas/space/space_preset.h"

namespace imc::nas::spaces {

std::shared_ptr<const SpacePreset> make_amin2024();
std::shared_ptr<const SpacePreset> make_nacim();

/// A categorical parameter over integer choices.
inline ParamSpec categorical(const std::string& name, const std::vector<int>& values) {
  ParamSpec p;
  p.name = name;
  p.kind = ParamKind::Categorical;
  for (int v : values) p.choices.push_back(std::to_string(v));
  return p;
}

/// The integer choice a categorical parameter's index selects.
inline int choice(const Point& point, const std::string& name, const std::vector<int>& values) {
  return values.at(static_cast<size_t>(point.at(name)));
}

}  // namespace imc::nas::spaces
