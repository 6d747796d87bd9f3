// SPDX-License-Identifier: MIT
#include "reports/map_report.h"

#include "reports/energy_json.h"

namespace imc::reports {

nlohmann::json map_json(const mapping::Mapping& m, const mapping::Estimate& e) {
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const auto& l = m.layers[i];
    nlohmann::json tiles = nlohmann::json::array();
    for (const auto& p : l.tile_pos) tiles.push_back({p.row, p.col});
    nlohmann::json aggregations = nlohmann::json::array();
    for (const auto& p : l.aggregations) aggregations.push_back({p.row, p.col});
    layers.push_back({{"name", l.layer.name()},
                      {"engine", mapping::engine_name(l.engine)},
                      {"matrix_rows", l.xbar.matrix_rows},
                      {"matrix_cols", l.xbar.matrix_cols},
                      {"groups", l.xbar.groups},
                      {"crossbar_sets", l.xbar.sets},
                      {"row_parts", l.xbar.row_parts},
                      {"col_parts", l.xbar.col_parts},
                      {"weight_slices", l.xbar.weight_slices},
                      {"replicas", l.replicas},
                      {"pes", l.pes},
                      {"tiles", l.tiles},
                      {"utilization", l.xbar.utilization},
                      {"tile_positions", tiles},
                      {"aggregation_tiles", aggregations},
                      {"in_layer_hops", l.in_layer_hops},
                      {"trans_layer_hops", l.trans_layer_hops},
                      {"start_ns", e.layers[i].start_ns},
                      {"finish_ns", e.layers[i].finish_ns},
                      {"energy_pj", e.layers[i].energy.total_pj()}});
  }
  return {{"schema", "imcnas.map.v1"},
          {"network", m.network},
          {"hw", m.hw.name},
          {"placement", m.hw.chip.placement},
          {"layers", layers},
          {"tiles", m.tiles},
          {"pes", m.pes},
          {"crossbars", m.crossbars},
          {"utilization", m.utilization},
          {"area_mm2", e.area_mm2},
          {"latency_ns", e.latency_ns},
          {"mnsim_energy_pj", e.mnsim_energy_pj},
          {"energy_pj", energy_json(e.energy)},
          {"average_power_mw", e.average_power_mw},
          {"sum_of_layer_peak_power_mw", e.sum_of_layer_peak_power_mw}};
}

}  // namespace imc::reports
