// SPDX-License-Identifier: MIT
// Every metric imcnas reports, in one table: its name (units in the name), its axis label, and
// the columns it takes in a search's trials and in a sweep's points. Configs check metric names
// against it, reports label axes from it; mapping/metrics.h computes the hardware ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace imc::config {

struct MetricInfo {
  std::string name;        ///< e.g. "energy_mj"
  std::string label;       ///< an axis label with the unit, e.g. "energy (mJ)"
  bool hardware = true;    ///< known before training (a constraint on it rejects a trial untrained)
  int search_column = -1;  ///< its place among a search trial's metrics; -1: not reported there
  int sweep_column = -1;   ///< its place among a sweep point's metrics; -1: not reported there
};

/// Every metric, in no particular order.
const std::vector<MetricInfo>& metric_catalogue();
/// The metric called `name`, or nothing.
std::optional<MetricInfo> metric_info(const std::string& name);
/// Every metric a search trial reports, hardware ones first, in its column order.
const std::vector<std::string>& search_metric_names();
/// Every metric a sweep point reports, in its column order.
const std::vector<std::string>& sweep_metric_names();
/// The metrics known before training (constraints on them reject a trial untrained).
bool is_hardware_metric(const std::string& metric);
/// An axis label for a metric, with its unit ("energy_mj" -> "energy (mJ)").
std::string metric_label(const std::string& metric);

/// The accuracies objective.accuracy may pick: `name` picks the metric accuracy_<name>.
const std::vector<std::string>& accuracy_source_names();
/// What a trial needs before it reports accuracy_<name> (for the error when it reports none),
/// or "" when every trained trial reports it.
std::string accuracy_source_needs(const std::string& name);
/// Whether accuracy_<source> changes with the hardware key `hw_key` ("adc.bits").
bool accuracy_sees(const std::string& source, const std::string& hw_key);
/// Whether a chip's accuracy depends on `hw_key` at all (accuracy_hw sees it).
bool affects_accuracy(const std::string& hw_key);

}  // namespace imc::config
