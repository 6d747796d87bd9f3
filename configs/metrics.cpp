// SPDX-License-Identifier: MIT
#include "configs/metrics.h"

#include <algorithm>

namespace imc::config {
namespace {

std::vector<std::string> in_column_order(int MetricInfo::*column) {
  std::vector<const MetricInfo*> reported;
  for (const MetricInfo& m : metric_catalogue())
    if (m.*column >= 0) reported.push_back(&m);
  std::sort(reported.begin(), reported.end(),
            [&](const MetricInfo* a, const MetricInfo* b) { return a->*column < b->*column; });
  std::vector<std::string> out;
  for (const MetricInfo* m : reported) out.push_back(m->name);
  return out;
}

}  // namespace

const std::vector<MetricInfo>& metric_catalogue() {
  //                                   name                            label                                 hw search
  //                                   sweep
  static const std::vector<MetricInfo> all{
      {"latency_ms", "latency (ms)", true, 0, 0},
      {"energy_mj", "energy (mJ)", true, 1, 2},
      {"area_mm2", "area (mm2)", true, 2, 11},
      {"average_power_mw", "average power (mW)", true, 3, 12},
      {"peak_power_mw", "peak power (mW)", true, 4, -1},
      {"edp_mj_ms", "energy-delay product (mJ ms)", true, 5, -1},
      {"tops_per_w", "efficiency (TOPS/W)", true, 6, 13},
      {"throughput_inferences_per_s", "throughput (inferences/s)", true, 7, 1},
      {"crossbars", "crossbars", true, 8, 15},
      {"tiles", "tiles", true, 9, 14},
      {"params", "params", true, 10, -1},
      {"macs", "macs", true, 11, 17},
      {"utilization", "utilization", true, -1, 16},
      {"adc_energy_pj", "ADC energy (pJ)", true, -1, 3},
      {"dac_energy_pj", "DAC energy (pJ)", true, -1, 4},
      {"crossbar_energy_pj", "crossbar energy (pJ)", true, -1, 5},
      {"digital_energy_pj", "digital energy (pJ)", true, -1, 6},
      {"buffer_energy_pj", "buffer energy (pJ)", true, -1, 7},
      {"pooling_energy_pj", "pooling energy (pJ)", true, -1, 8},
      {"accumulator_energy_pj", "accumulator energy (pJ)", true, -1, 9},
      {"noc_energy_pj", "NoC energy (pJ)", true, -1, 10},
      {"adder_tree_energy_pj", "adder-tree energy (pJ)", true, -1, 18},
      {"activation_energy_pj", "activation-unit energy (pJ)", true, -1, 19},
      {"accuracy", "accuracy (fraction)", false, 12, -1},
      {"accuracy_clean", "accuracy_clean (fraction)", false, 13, -1},
      {"accuracy_quantized", "accuracy_quantized (fraction)", false, 14, -1},
      {"accuracy_variation", "accuracy_variation (fraction)", false, 15, -1},
      {"accuracy_variation_std", "accuracy_variation_std (fraction)", false, 16, -1},
      {"train_seconds", "training time (s)", false, 17, -1},
  };
  return all;
}

std::optional<MetricInfo> metric_info(const std::string& name) {
  for (const MetricInfo& m : metric_catalogue())
    if (m.name == name) return m;
  return std::nullopt;
}

const std::vector<std::string>& search_metric_names() {
  static const std::vector<std::string> names = in_column_order(&MetricInfo::search_column);
  return names;
}

const std::vector<std::string>& sweep_metric_names() {
  static const std::vector<std::string> names = in_column_order(&MetricInfo::sweep_column);
  return names;
}

bool is_hardware_metric(const std::string& metric) {
  const std::optional<MetricInfo> m = metric_info(metric);
  return m && m->hardware && m->search_column >= 0;
}

std::string metric_label(const std::string& metric) {
  if (const std::optional<MetricInfo> m = metric_info(metric)) return m->label;
  if (metric.rfind("accuracy", 0) == 0) return metric + " (fraction)";  // accuracy_hw and its kin
  return metric;
}

namespace {
struct AccuracySource {
  std::string name;
  std::string needs;
  /// The hardware keys its value follows (a key, or a section prefix ending in '.'): what the
  /// trainer reads from the chip for it (nas/train/trainer.cpp use_chip, hw_setup).
  std::vector<std::string> sees;
};
const std::vector<std::string> kQuantization{"quantization."};
const std::vector<AccuracySource>& accuracy_sources() {
  static const std::vector<AccuracySource> sources{
      {"clean", "", {}},
      {"quantized", "", kQuantization},
      {"variation",
       "set device variation in the hardware config",
       {"quantization.", "crossbar.bits_per_cell", "device.variation_sigma_levels", "device.variation_sigma_na",
        "device.on_current_ua"}},
      {"hw",
       "",
       {"quantization.",
        "crossbar.rows",
        "crossbar.cols",
        "crossbar.bits_per_cell",
        "crossbar.wire_resistance_ohm",
        "mapping.row_split",
        "dac.bits",
        "adc.bits",
        "adc.range",
        "adc.range_percentile",
        "adc.offset_sigma_lsb",
        "adc.gain_sigma",
        "adc.thermal_noise_lsb",
        "device.hrs_ohm",
        "device.lrs_ohm",
        "device.variation_sigma_levels",
        "device.variation_sigma_na",
        "device.on_current_ua",
        "device.saf_0_rate",
        "device.saf_1_rate",
        "device.model",
        "device.time_s",
        "device.pcm_g_max_us",
        "device.prog_noise_scale",
        "device.read_noise_scale",
        "device.drift_scale",
        "device.drift_compensation"}},
  };
  return sources;
}

const AccuracySource* find_source(const std::string& name) {
  for (const AccuracySource& s : accuracy_sources())
    if (s.name == name) return &s;
  return nullptr;
}
}  // namespace

const std::vector<std::string>& accuracy_source_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const AccuracySource& s : accuracy_sources()) out.push_back(s.name);
    return out;
  }();
  return names;
}

std::string accuracy_source_needs(const std::string& name) {
  const AccuracySource* s = find_source(name);
  return s ? s->needs : "";
}

bool accuracy_sees(const std::string& source, const std::string& hw_key) {
  const AccuracySource* s = find_source(source);
  if (!s) return false;
  for (const std::string& k : s->sees)
    if (k.back() == '.' ? hw_key.rfind(k, 0) == 0 : hw_key == k) return true;
  return false;
}

bool affects_accuracy(const std::string& hw_key) { return accuracy_sees("hw", hw_key); }

}  // namespace imc::config
