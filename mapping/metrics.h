// SPDX-License-Identifier: MIT
// The one derivation of the hardware metrics (names and labels in configs/metrics.h) from what
// a model measured of one inference: the analytic cost model or the SystemC chip fills
// InferenceTotals, and every consumer (search trials, sweeps, reports) reads the metrics from
// hardware_metrics().
#pragma once

#include <map>
#include <string>

#include "mapping/cost_model.h"
#include "mapping/mapping.h"
#include "workloads/network.h"

namespace imc::mapping {

/// What one inference cost, as a model measured it.
struct InferenceTotals {
  double latency_ns = 0;
  double throughput_inferences_per_s = 0;
  ComponentEnergy energy;  ///< per inference
  double area_mm2 = 0;
  double average_power_mw = 0;
  double peak_power_mw = 0;
  double macs = 0;  ///< the MACs the model counted (TOPS/W divides by its energy)
};

/// 2 operations per MAC over the energy: TOPS/W (ops per pJ = 1e12 ops per J).
inline double tops_per_w(double macs, double energy_pj) { return 2.0 * macs / energy_pj; }
/// Energy-delay product in mJ * ms.
inline double edp_mj_ms(double energy_pj, double latency_ns) { return energy_pj * 1e-9 * latency_ns * 1e-6; }

/// The analytic model's totals: throughput is one inference per latency.
InferenceTotals analytic_totals(const Estimate& e, const workloads::Network& net);

/// Every hardware metric of configs/metrics.h, by name: the totals with their unit conversions,
/// and the mapping's and network's counts.
std::map<std::string, double> hardware_metrics(const InferenceTotals& t, const Mapping& m,
                                               const workloads::Network& net);

}  // namespace imc::mapping
