// SPDX-License-Identifier: MIT
#include "mapping/metrics.h"

namespace imc::mapping {

InferenceTotals analytic_totals(const Estimate& e, const workloads::Network& net) {
  InferenceTotals t;
  t.latency_ns = e.latency_ns;
  t.throughput_inferences_per_s = 1e9 / e.latency_ns;
  t.energy = e.energy;
  t.area_mm2 = e.area_mm2;
  t.average_power_mw = e.average_power_mw;
  t.macs = double(net.total_macs());
  return t;
}

std::map<std::string, double> hardware_metrics(const InferenceTotals& t, const Mapping& m,
                                               const workloads::Network& net) {
  const double energy_pj = t.energy.total_pj();
  std::map<std::string, double> metrics{{"latency_ms", t.latency_ns * 1e-6},
                                        {"energy_mj", energy_pj * 1e-9},
                                        {"area_mm2", t.area_mm2},
                                        {"average_power_mw", t.average_power_mw},
                                        {"peak_power_mw", t.peak_power_mw},
                                        {"edp_mj_ms", edp_mj_ms(energy_pj, t.latency_ns)},
                                        {"tops_per_w", tops_per_w(t.macs, energy_pj)},
                                        {"throughput_inferences_per_s", t.throughput_inferences_per_s},
                                        {"crossbars", double(m.crossbars)},
                                        {"tiles", double(m.tiles)},
                                        {"params", double(net.total_params())},
                                        {"macs", double(net.total_macs())},
                                        {"utilization", m.utilization}};
  for (const auto& [part, pj] : t.energy.parts()) metrics[std::string(part) + "_energy_pj"] = pj;
  return metrics;
}

}  // namespace imc::mapping
