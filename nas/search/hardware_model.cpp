// SPDX-License-Identifier: MIT
#include "nas/search/hardware_model.h"

#include "configs/metrics.h"
#include "mapping/mapping.h"
#include "mapping/metrics.h"
#include "nas/stopwatch.h"
#include "systemc_models/chip/chip.h"
#include "systemc_models/chip/process_chip.h"

namespace imc::nas {

HardwareModel::HardwareModel(const config::HwConfig& hw, int batch)
    : m_batch(batch), m_chip(&sim::process_chip(hw, "the search")) {}

std::optional<std::string> HardwareModel::cannot_run(const config::HwConfig& point) const {
  return m_chip->cannot_run(point);
}

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
  const Metrics all = mapping::hardware_metrics(sim::totals(r), m, net);
  Metrics out;
  for (const std::string& name : config::search_metric_names())
    if (config::is_hardware_metric(name)) out[name] = all.at(name);
  return out;
}

}  // namespace imc::nas
