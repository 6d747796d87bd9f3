// SPDX-License-Identifier: MIT
// One point of a latency-load curve, measured as BookSim 2's `sim_type = latency` measures it:
// Bernoulli injection per node (the rate in flits per cycle, BookSim's
// injection_rate_uses_flits = 1), warm-up periods, sample periods until latency and
// throughput change by less than the stopping threshold three times in a row (or the sample
// budget runs out), then a drain of every measured packet. A network whose mean latency,
// the packets still in flight included at their current age, passes the latency threshold is
// unstable: `saturated`. The rules and defaults are in docs/noc.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "configs/hw_config.h"

namespace imc::sim::flit {

struct LatencyBenchOptions {
  int rows = 4, cols = 4;
  std::string traffic = "uniform";
  std::vector<int> hotspots;
  double rate_flits_per_cycle = 0.1;  ///< offered load per node
  int packet_flits = 1;
  uint64_t seed = 0;
  std::string rng = "mt19937";  ///< the traffic's random generator (traffic_rng_registry)
  int warmup_periods = 3;
  int sample_period_cycles = 10000;
  int max_samples = 10;  ///< warm-up periods included, as BookSim counts them
  double latency_threshold_cycles = 500;
  double stopping_threshold = 0.05;
};

struct LatencyBenchResult {
  double packet_latency_cycles = 0;   ///< creation (source queue included) to tail ejection
  double network_latency_cycles = 0;  ///< head injection to tail ejection
  double flit_latency_cycles = 0;     ///< each flit's injection to its ejection
  double accepted_flits_per_cycle_per_node = 0;
  double injected_flits_per_cycle_per_node = 0;
  double hops_average = 0;  ///< routers traversed
  bool saturated = false;
  int64_t simulated_cycles = 0;
  int64_t packets_measured = 0;
  double wall_s = 0;
};

/// Runs one point. Throws std::invalid_argument for a pattern that does not suit the mesh, or
/// options out of range.
LatencyBenchResult run_latency_bench(const config::NocConfig& noc, const LatencyBenchOptions& o);

}  // namespace imc::sim::flit
