// SPDX-License-Identifier: MIT
// The analytic pipeline schedule: when each output pixel of each layer is done, from the
// closed-form pixel times (MNSIM's pipeline rule). One resource is shared across layers: the
// global accumulator, whose buffer port and adder serve every element-wise layer one pixel at
// a time, in the order the pixels ask (as the chip's GlobalAccumulator does). With two or more
// such layers the schedule is therefore played in time order; otherwise layer by layer.
#pragma once

#include <vector>

#include "mapping/actions.h"
#include "mapping/cost_model.h"

namespace imc::mapping {

struct LayerSchedule {
  double start_ns = 0;   ///< the first pixel's start
  double finish_ns = 0;  ///< the last pixel's release
  PixelTime busy;        ///< pixel times summed over the pixels
  ComponentCount noc;    ///< packets and bit-hops
  FlitActions flit;      ///< the same packets' router actions (priced in flit mode)
  double merge_read_ns = 0;
  double accumulator_wait_ns = 0;  ///< time pixels waited for the shared accumulator
};

/// The schedule of every layer of m, parallel to m.layers.
std::vector<LayerSchedule> schedule_pipeline(const Mapping& m);

}  // namespace imc::mapping
