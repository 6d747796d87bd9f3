// SPDX-License-Identifier: MIT
#include "reports/energy_json.h"

#include "reports/text_table.h"

namespace imc::reports {

nlohmann::json energy_json(const mapping::ComponentEnergy& e) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, pj] : e.parts()) j[name] = pj;
  j["total"] = e.total_pj();
  return j;
}

std::string energy_parts_text(const mapping::ComponentEnergy& e) {
  std::string out;
  for (const auto& [name, pj] : e.parts()) {
    if (!out.empty()) out += ", ";
    out += std::string(name) + " " + fixed(pj / 1e9, 5);
  }
  return out;
}

}  // namespace imc::reports
