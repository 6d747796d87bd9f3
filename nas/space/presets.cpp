// SPDX-License-Identifier: MIT
#include "nas/space/presets.h"

#include "nas/space/space_preset.h"

namespace imc::nas {

SearchSpace make_space(const config::SpaceConfig& cfg) {
  SearchSpace s = space_preset(cfg).space(cfg);
  for (const config::HardwareDimension& d : cfg.hardware) {  // named by their keys: "adc.bits"
    ParamSpec p;
    p.name = d.key;
    if (!d.values.empty()) {
      p.kind = ParamKind::Categorical;
      p.choices = d.values;
    } else {
      p.kind = d.step > 0 ? ParamKind::Int : d.log ? ParamKind::LogFloat : ParamKind::Float;
      p.low = d.low;
      p.high = d.high;
      if (d.step > 0) p.step = d.step;
    }
    s.add(p);
  }
  return s;
}

std::vector<config::Override> hardware_overrides(const config::SpaceConfig& cfg, const Point& point) {
  std::vector<config::Override> out;
  for (const config::HardwareDimension& d : cfg.hardware)
    out.push_back({d.key, config::dimension_value_text(d, point.at(d.key)), "space.hardware " + d.key});
  return out;
}

std::string hardware_text(const std::vector<config::Override>& overrides) {
  std::string out;
  for (const config::Override& o : overrides) out += (out.empty() ? "" : ", ") + o.key_path + "=" + o.value_text;
  return out;
}

Candidate decode(const config::SpaceConfig& cfg, const Point& point, const workloads::Shape& input, int classes) {
  return space_preset(cfg).decode(cfg, point, input, classes);
}

std::string architecture(const config::SpaceConfig& cfg, const Point& point) {
  return space_preset(cfg).architecture(cfg, point);
}

}  // namespace imc::nas
