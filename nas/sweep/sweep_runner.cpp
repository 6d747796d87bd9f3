// SPDX-License-Identifier: MIT
#include "nas/sweep/sweep_runner.h"

#include <memory>
#include <optional>

#include "configs/config_error.h"
#include "configs/hw_config.h"
#include "mapping/cost_model.h"
#include "mapping/mapping.h"
#include "systemc_models/chip/chip.h"
#include "workloads/library.h"

namespace imc::nas {
namespace {

Metrics energy_metrics(const mapping::ComponentEnergy& e) {
  return {{"energy_mj", e.total_pj() * 1e-9},  {"adc_energy_pj", e.adc_pj},
          {"dac_energy_pj", e.dac_pj},         {"crossbar_energy_pj", e.xbar_pj},
          {"digital_energy_pj", e.digital_pj}, {"buffer_energy_pj", e.buffer_pj},
          {"pooling_energy_pj", e.pooling_pj}, {"accumulator_energy_pj", e.accumulator_pj},
          {"noc_energy_pj", e.noc_pj}};
}

Metrics mapping_metrics(const mapping::Mapping& m, const workloads::Network& net) {
  return {{"tiles", double(m.tiles)},
          {"crossbars", double(m.crossbars)},
          {"utilization", m.utilization},
          {"macs", double(net.total_macs())}};
}

}  // namespace

const std::vector<std::string>& sweep_metric_names() {
  static const std::vector<std::string> names{"latency_ms",
                                              "throughput_inferences_per_s",
                                              "energy_mj",
                                              "adc_energy_pj",
                                              "dac_energy_pj",
                                              "crossbar_energy_pj",
                                              "digital_energy_pj",
                                              "buffer_energy_pj",
                                              "pooling_energy_pj",
                                              "accumulator_energy_pj",
                                              "noc_energy_pj",
                                              "area_mm2",
                                              "average_power_mw",
                                              "tops_per_w",
                                              "tiles",
                                              "crossbars",
                                              "utilization",
                                              "macs"};
  return names;
}

std::vector<SweepResult> run_sweep(const config::SweepConfig& cfg, const SweepProgressFn& progress) {
  const std::string hw_text = config::read_hw_config_text(cfg.hw_config);
  config::SpaceConfig axes;
  axes.hardware = cfg.axes;
  config::check_hardware_dimensions(axes, hw_text, cfg.hw_config, cfg.hw_sets);
  const std::vector<config::Override> base = config::parse_overrides(cfg.hw_sets);
  const config::HwConfig base_hw = config::parse_hw_config(hw_text, cfg.hw_config, base);
  const std::vector<std::vector<config::Override>> points = config::sweep_points(cfg);

  std::vector<workloads::Network> nets;  // built once; a bad network is a config error
  for (const std::string& n : cfg.networks) {
    workloads::NetRequest req;
    req.net = n;
    nets.push_back(workloads::load_network(req));
  }
  // The simulate level elaborates one chip (SystemC elaborates once per process).
  sim::Chip* chip = cfg.level == "simulate" ? new sim::Chip("chip", base_hw) : nullptr;  // lives to the process end

  std::vector<SweepResult> out;
  const size_t total = nets.size() * points.size();
  for (size_t n = 0; n < nets.size(); ++n) {
    for (const std::vector<config::Override>& point : points) {
      SweepResult r;
      r.network = cfg.networks[n];
      r.point = point;
      try {
        std::vector<config::Override> overrides = base;
        overrides.insert(overrides.end(), point.begin(), point.end());
        const config::HwConfig hw = config::parse_hw_config(hw_text, cfg.hw_config, overrides);
        const mapping::Mapping m = mapping::map_network(nets[n], hw);
        r.metrics = mapping_metrics(m, nets[n]);
        if (chip) {
          const sim::SimResult s = chip->run(m);
          r.metrics.merge(Metrics{{"latency_ms", s.latency_ns * 1e-6},
                                  {"throughput_inferences_per_s", s.throughput_inferences_per_s},
                                  {"area_mm2", s.area_mm2},
                                  {"average_power_mw", s.average_power_mw},
                                  {"tops_per_w", s.tops_per_w}});
          r.metrics.merge(energy_metrics(s.energy));
        } else {
          const mapping::Estimate e = mapping::estimate(m);
          r.metrics.merge(Metrics{{"latency_ms", e.latency_ns * 1e-6},
                                  {"throughput_inferences_per_s", 1e9 / e.latency_ns},
                                  {"area_mm2", e.area_mm2},
                                  {"average_power_mw", e.average_power_mw},
                                  {"tops_per_w", 2.0 * double(nets[n].total_macs()) / e.energy.total_pj()}});
          r.metrics.merge(energy_metrics(e.energy));
        }
      } catch (const config::ConfigError& e) {
        r.feasible = false;
        r.reason = std::string("invalid hardware point: ") + e.what();
      } catch (const mapping::MappingError& e) {
        r.feasible = false;
        r.reason = std::string("does not fit: ") + e.what();
      } catch (const sim::SimulationError& e) {
        r.feasible = false;
        r.reason = std::string("simulation failed: ") + e.what();
      }
      if (!r.feasible) r.metrics.clear();
      out.push_back(std::move(r));
      if (progress) progress(out.size(), total, out.back());
    }
  }
  return out;
}

}  // namespace imc::nas
