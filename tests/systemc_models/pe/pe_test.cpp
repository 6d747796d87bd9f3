// SPDX-License-Identifier: MIT
// PE testbench: one MVM takes the reference timing and counts its conversions.
#include "systemc_models/pe/pe.h"

#include <gtest/gtest.h>

#include "mapping/timing.h"
#include "tests/systemc_models/sc_test_util.h"

namespace imc::sim {
namespace {

TEST(Pe, MvmTimingAndCountsFollowTheConverterModel) {
  const config::HwConfig hw = test::mnsim_hw();
  const TraceContext trace;
  Pe pe("pe", hw, 4096, &trace);
  LayerCounters counts;
  const Activity a{0, nullptr, &counts};
  // 252 rows (28 channels x 3x3), 200 columns: 9 input bits x 1 row round x 2 column rounds = 18 cycles.
  const MvmShape shape{252, 200, 4, 9};
  double first_end = 0, second_end = 0;
  test::spawn("driver", [&] {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    first_end = pe.mvm(now, shape, a).to_seconds() * 1e9;
    second_end = pe.mvm(now, shape, a).to_seconds() * 1e9;  // the same PE is busy: it queues
  });
  sc_core::sc_start();
  const mapping::timing::MvmTime t = mapping::timing::mvm_time(hw, 252, 200, 4, 9);
  EXPECT_EQ(t.cycles, 18);
  EXPECT_NEAR(t.xbar_ns, 18 * 3.16, 1e-9);
  EXPECT_NEAR(t.adc_ns, 18 * 10 / 1.28, 1e-9);
  EXPECT_NEAR(first_end, t.total_ns(), 1e-3);
  EXPECT_NEAR(second_end, 2 * t.total_ns(), 1e-3);
  EXPECT_EQ(counts[Component::Adc].actions, 2u * 18 * 128);  // 128 ADCs convert per cycle
  EXPECT_EQ(counts[Component::Dac].actions, 2u * 18 * 252);
  EXPECT_EQ(counts[Component::Xbar].actions, 2u * 18 * 2);  // positive and negative crossbar
}

}  // namespace
}  // namespace imc::sim
