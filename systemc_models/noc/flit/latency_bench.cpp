// SPDX-License-Identifier: MIT
#include "systemc_models/noc/flit/latency_bench.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "systemc_models/noc/flit/flit_network.h"
#include "systemc_models/noc/flit/traffic_pattern.h"

namespace imc::sim::flit {
namespace {

struct Mean {
  double sum = 0;
  int64_t count = 0;
  void add(double x) { sum += x, ++count; }
  double value() const { return count ? sum / static_cast<double>(count) : 0.0; }
};

enum class Phase { WarmingUp, Running, Draining };

/// The run's statistics since the last reset, as BookSim keeps them.
struct Stats {
  Mean packet_latency, network_latency, flit_latency, hops;
  int64_t accepted_flits = 0, injected_flits = 0;
  int64_t reset_cycle = 0;
};

void check(const LatencyBenchOptions& o) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
  };
  need(o.rows >= 1 && o.cols >= 1 && o.rows * o.cols <= 1 << 16, "the mesh must have 1 to 65536 nodes");
  need(o.rate_flits_per_cycle > 0 && o.rate_flits_per_cycle <= 1,
       "the injection rate is in flits per cycle per node, in (0, 1]");
  need(o.packet_flits >= 1 && o.packet_flits <= 1 << 16, "a packet has 1 to 65536 flits");
  need(o.warmup_periods >= 1 && o.sample_period_cycles >= 1 && o.max_samples > o.warmup_periods,
       "the sample budget must exceed the warm-up periods");
}

}  // namespace

LatencyBenchResult run_latency_bench(const config::NocConfig& noc, const LatencyBenchOptions& o) {
  check(o);
  const auto start = std::chrono::steady_clock::now();
  const auto& routing = routing_registry().at(noc.routing);
  FlitNetwork net(o.rows, o.cols, noc.flit, *routing);
  const std::unique_ptr<TrafficPattern> pattern =
      traffic_registry().at(o.traffic)(TrafficShape{o.rows, o.cols, o.hotspots});
  const std::unique_ptr<TrafficRng> rng_owner = traffic_rng_registry().at(o.rng)(o.seed);
  TrafficRng& rng = *rng_owner;
  const int nodes = net.nodes();
  const double packet_probability = o.rate_flits_per_cycle / o.packet_flits;

  Phase phase = Phase::WarmingUp;
  Stats stats;
  int64_t drain_cycle = 0;
  int64_t measured_outstanding = 0;  // packets created in the measurement window, not yet delivered
  // A packet's tag says whether it is measured.
  net.on_flit_injected([&](const PacketRecord&) {
    if (phase != Phase::Draining) ++stats.injected_flits;
  });
  net.on_flit_ejected([&](const PacketRecord& p, bool, int64_t injected) {
    if (phase != Phase::Draining) ++stats.accepted_flits;
    if (phase == Phase::WarmingUp || p.tag) stats.flit_latency.add(static_cast<double>(net.cycle() - injected));
  });
  net.on_delivered([&](const PacketRecord& p) {
    if (p.tag) --measured_outstanding;
    if (phase != Phase::WarmingUp && !p.tag) return;
    stats.hops.add(p.hops);
    stats.packet_latency.add(static_cast<double>(p.delivered - p.created));
    stats.network_latency.add(static_cast<double>(p.delivered - p.injected));
  });

  // Each node's Bernoulli process, run lazily as BookSim's: while a node's source queue holds a
  // packet, the process waits; once empty, it catches up from the cycle it stopped at, so a
  // packet's creation time is the cycle its trial succeeded.
  std::vector<int64_t> next_trial(static_cast<size_t>(nodes), 0);
  auto generate = [&] {
    const int64_t now = net.cycle();
    for (int n = 0; n < nodes; ++n) {
      if (!net.source_empty(n)) continue;
      int64_t& q = next_trial[static_cast<size_t>(n)];
      for (bool made = false; !made && q <= now; ++q) {
        if (rng.uniform() >= packet_probability) continue;
        const bool measured = phase == Phase::Running || (phase == Phase::Draining && q < drain_cycle);
        net.enqueue(n, pattern->dest(n, rng), o.packet_flits, q, measured ? 1 : 0);
        rng.packet_made();
        if (measured) ++measured_outstanding;
        made = true;
      }
    }
  };
  auto step = [&] {
    generate();
    net.step();
  };
  // Mean latency with every undelivered flit counted at its age (BookSim's instability test).
  auto latency_with_backlog = [&] {
    double sum = stats.packet_latency.sum;
    double count = static_cast<double>(stats.packet_latency.count);
    net.for_each_in_flight([&](const PacketRecord& p) {
      const int left = p.flits - p.flits_ejected;
      sum += static_cast<double>(left) * static_cast<double>(net.cycle() - p.created);
      count += left;
    });
    return count > 0 ? sum / count : 0.0;
  };

  int converged = 0, phases = 0;
  double previous_latency = 0, previous_accepted = 0;
  bool clear_next = false;
  bool unstable = false;
  while (phases < o.max_samples && (phase != Phase::Running || converged < 3)) {
    if (clear_next || (phase == Phase::WarmingUp && phases % 2 == 0)) {
      clear_next = false;
      stats = Stats{};
      stats.reset_cycle = net.cycle();
    }
    for (int i = 0; i < o.sample_period_cycles; ++i) step();
    const double latency = stats.packet_latency.value();
    const double accepted =
        static_cast<double>(stats.accepted_flits) / static_cast<double>(net.cycle() - stats.reset_cycle) / nodes;
    const double latency_change = std::fabs((latency - previous_latency) / latency);
    const double accepted_change = std::fabs((accepted - previous_accepted) / accepted);
    previous_latency = latency, previous_accepted = accepted;
    if (latency_with_backlog() > o.latency_threshold_cycles) {
      unstable = true;
      break;
    }
    if (phase == Phase::WarmingUp) {
      if (phases + 1 >= o.warmup_periods) {
        clear_next = true;
        phase = Phase::Running;
      }
    } else if (!(latency_change > o.stopping_threshold) && !(accepted_change > o.stopping_threshold)) {
      ++converged;
    } else {
      converged = 0;
    }
    ++phases;
  }
  LatencyBenchResult r;
  if (!unstable && phase == Phase::Running) {
    phase = Phase::Draining;
    drain_cycle = net.cycle();
    // Rates are over the measurement window; the drain only completes the measured packets.
    r.accepted_flits_per_cycle_per_node =
        static_cast<double>(stats.accepted_flits) / static_cast<double>(drain_cycle - stats.reset_cycle) / nodes;
    r.injected_flits_per_cycle_per_node =
        static_cast<double>(stats.injected_flits) / static_cast<double>(drain_cycle - stats.reset_cycle) / nodes;
    for (int64_t steps = 1; measured_outstanding > 0; ++steps) {
      step();
      if (steps % 1000 == 0 && latency_with_backlog() > o.latency_threshold_cycles) {
        unstable = true;
        break;
      }
    }
  } else {
    unstable = true;
    const double window = static_cast<double>(net.cycle() - stats.reset_cycle);
    r.accepted_flits_per_cycle_per_node = static_cast<double>(stats.accepted_flits) / window / nodes;
    r.injected_flits_per_cycle_per_node = static_cast<double>(stats.injected_flits) / window / nodes;
  }
  r.packet_latency_cycles = stats.packet_latency.value();
  r.network_latency_cycles = stats.network_latency.value();
  r.flit_latency_cycles = stats.flit_latency.value();
  r.hops_average = stats.hops.value();
  r.saturated = unstable;
  r.simulated_cycles = net.cycle();
  r.packets_measured = stats.packet_latency.count;
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace imc::sim::flit
