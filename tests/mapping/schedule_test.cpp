// SPDX-License-Identifier: MIT
// The analytic schedule's one shared resource: the global accumulator serves one pixel at a
// time, so two add layers whose pixels are ready together take turns.
#include "mapping/schedule.h"

#include <gtest/gtest.h>

#include "mapping/pipeline.h"
#include "tests/mapping/mapping_test_util.h"
#include "workloads/library.h"

namespace imc::mapping {
namespace {

/// a and b read the input; add1 and add2 both sum a and b, so their pixels are ready together.
workloads::Network two_parallel_adds() {
  std::string text =
      "name = \"adds\"\n[[layer]]\nname = \"input\"\nkind = \"input\"\nheight = 16\nwidth = 16\nchannels = 8\n";
  for (const char* name : {"a", "b"})
    text += std::string("[[layer]]\nname = \"") + name +
            "\"\nkind = \"conv2d\"\nout_channels = 64\nkernel = 1\ninputs = [\"input\"]\n";
  for (const char* name : {"add1", "add2"})
    text += std::string("[[layer]]\nname = \"") + name + "\"\nkind = \"add\"\ninputs = [\"a\", \"b\"]\n";
  text += "[[layer]]\nname = \"sum\"\nkind = \"add\"\ninputs = [\"add1\", \"add2\"]\n";
  return workloads::Network::build(config::parse_net_text(text, "adds.toml"));
}

TEST(Schedule, AddsReadyTogetherTakeTurnsAtTheAccumulator) {
  const Mapping m = map_network(two_parallel_adds(), test::mnsim_hw());
  ASSERT_EQ(m.layers.size(), 5u);
  const std::vector<LayerSchedule> s = schedule_pipeline(m);
  const LayerSchedule &add1 = s[2], &add2 = s[3];
  EXPECT_EQ(add1.accumulator_wait_ns, 0);  // the earlier layer goes first on ties
  EXPECT_GT(add2.accumulator_wait_ns, 0);
  // Both layers' accumulator work fits in the span they share: it never overlaps.
  const PixelTime t = pixel_time(m, m.layers[2], PixelPosition::Steady);
  const double serve_ns = t.accumulator_ns + t.output_buffer_ns;
  const double pixels = 16 * 16;
  EXPECT_GE(std::max(add1.finish_ns, add2.finish_ns) - std::min(add1.start_ns, add2.start_ns), 2 * pixels * serve_ns);
}

TEST(Schedule, PixelsWaitOnlyWhereAddsOverlap) {
  const Mapping m = map_network(test::one_layer(8, 8, 4, test::conv(16, 3, 1)), test::mnsim_hw());
  for (const LayerSchedule& l : schedule_pipeline(m)) EXPECT_EQ(l.accumulator_wait_ns, 0);
  const Mapping resnet =
      map_network(workloads::load_network(workloads::NetRequest{"resnet18", {}, {}, 256}), test::mnsim_hw());
  double waited_ns = 0;
  for (const LayerSchedule& l : schedule_pipeline(resnet)) waited_ns += l.accumulator_wait_ns;
  EXPECT_GT(waited_ns, 0);  // its residual adds overlap in time
}

}  // namespace
}  // namespace imc::mapping
