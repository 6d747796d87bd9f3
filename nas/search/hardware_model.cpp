// SPDX-License-Identifier: MIT
#include "nas/search/hardware_model.h"

#include "mapping/mapping.h"
#include "nas/stopwatch.h"
#include "systemc_models/chip/chip.h"

namespace imc::nas {

HardwareModel::HardwareModel(const config::HwConfig& hw, int batch)
    : m_hw(hw), m_batch(batch), m_chip(new sim::Chip("chip", hw)) {}

Metrics HardwareModel::evaluate(const workloads::Network& net, const config::HwConfig& point, HardwareTimes& times) {
  auto t = Clock::now();
  const mapping::Mapping m = mapping::map_network(net, point);
  times.map_s = seconds_since(t);
  t = Clock::now();
  sim::RunOptions options;
  options.batch = m_batch;
  options.module_stats = false;  // a trial reads the totals
  const sim::SimResult r = m_chip->run(m, options);
  times.simulate_s = seconds_since(t);
  const double energy_pj = r.energy.total_pj();
  return {{"latency_ms", r.latency_ns * 1e-6},
          {"energy_mj", energy_pj * 1e-9},
          {"area_mm2", r.area_mm2},
          {"average_power_mw", r.average_power_mw},
          {"peak_power_mw", r.peak_power_mw},
          {"edp_mj_ms", r.edp_mj_ms},
          {"tops_per_w", r.tops_per_w},
          {"throughput_inferences_per_s", r.throughput_inferences_per_s},
          {"crossbars", double(m.crossbars)},
          {"tiles", double(m.tiles)},
          {"params", double(net.total_params())},
          {"macs", double(net.total_macs())}};
}

}  // namespace imc::nas
