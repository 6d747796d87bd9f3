// SPDX-License-Identifier: MIT
// The one derivation of the hardware metrics and the one catalogue of their names agree.
#include "mapping/metrics.h"

#include <gtest/gtest.h>

#include "configs/metrics.h"
#include "tests/mapping/mapping_test_util.h"
#include "workloads/library.h"

namespace imc::mapping {
namespace {

TEST(Metrics, EveryDerivedMetricIsCataloguedAndEveryCataloguedHardwareMetricIsDerived) {
  const workloads::Network net = workloads::load_network({"lenet", {}, {}, 256});
  const Mapping m = map_network(net, test::mnsim_hw({}));
  const std::map<std::string, double> metrics = hardware_metrics(analytic_totals(estimate(m), net), m, net);
  for (const auto& [name, value] : metrics) EXPECT_TRUE(config::metric_info(name)) << name;
  for (const config::MetricInfo& info : config::metric_catalogue())
    if (info.hardware) EXPECT_TRUE(metrics.count(info.name)) << info.name;
  for (const std::string& name : config::sweep_metric_names()) EXPECT_TRUE(metrics.count(name)) << name;
}

TEST(Metrics, UnitsAndDerivedFiguresFollowFromTheTotals) {
  const workloads::Network net = workloads::load_network({"lenet", {}, {}, 256});
  const Mapping m = map_network(net, test::mnsim_hw({}));
  InferenceTotals t;
  t.latency_ns = 2e6;     // 2 ms
  t.energy.adc_pj = 3e9;  // 3 mJ
  t.macs = 1.5e9;
  t.throughput_inferences_per_s = 500;
  const std::map<std::string, double> x = hardware_metrics(t, m, net);
  EXPECT_DOUBLE_EQ(x.at("latency_ms"), 2);
  EXPECT_DOUBLE_EQ(x.at("energy_mj"), 3);
  EXPECT_DOUBLE_EQ(x.at("edp_mj_ms"), 6);
  EXPECT_DOUBLE_EQ(x.at("tops_per_w"), 1);  // 3e9 ops over 3e9 pJ
  EXPECT_DOUBLE_EQ(x.at("adc_energy_pj"), 3e9);
  EXPECT_EQ(x.at("macs"), double(net.total_macs()));
}

TEST(Metrics, TheCatalogueGivesTheColumnsInTheirOrder) {
  const std::vector<std::string>& search = config::search_metric_names();
  ASSERT_EQ(search.size(), 18u);
  EXPECT_EQ(search.front(), "latency_ms");
  EXPECT_EQ(search[11], "macs");  // hardware first
  EXPECT_EQ(search.back(), "train_seconds");
  EXPECT_TRUE(config::is_hardware_metric("tops_per_w"));
  EXPECT_FALSE(config::is_hardware_metric("accuracy"));
  EXPECT_FALSE(config::is_hardware_metric("adc_energy_pj"));  // a sweep column, not a trial's
  EXPECT_EQ(config::sweep_metric_names().size(), 20u);
  EXPECT_EQ(config::sweep_metric_names().back(), "activation_energy_pj");
  EXPECT_EQ(config::metric_label("energy_mj"), "energy (mJ)");
  EXPECT_EQ(config::metric_label("accuracy_hw"), "accuracy_hw (fraction)");
}

}  // namespace
}  // namespace imc::mapping
