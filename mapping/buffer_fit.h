// SPDX-License-Identifier: MIT
// Whether the pipeline can finish with the chip's tile input buffers. A layer holds each
// producer's pixels in a share of its tile input buffer and back-pressures the producer when
// the share is full; where a producer feeds layers that run far apart (DenseNet's concats, a
// skip connection into a conv) a share that holds one window is not enough, and the pipeline
// stops with every layer waiting on another. The mapper plays the order rules the controller
// follows, without time, to refuse such a mapping and name the buffer size that completes.
#pragma once

#include <string>
#include <vector>

#include "mapping/mapping.h"
#include "mapping/pipeline.h"

namespace imc::mapping {

/// Each producer's share of a layer's tile input buffer, in producer pixels, when the buffer
/// holds `tile_input_bytes`; `windows` are the layer's input windows in producer order
/// (input_window). Shares are in proportion to the windows, each at least its window; 0 for an
/// input that is not back-pressured (an empty window: the accumulator's global buffer).
/// The one rule the controller's back-pressure and the fit check share.
std::vector<long> input_budget_pixels(const std::vector<const InputWindow*>& windows, double tile_input_bytes);

/// A layer that cannot finish, and what it waits on.
struct PipelineStall {
  std::string layer;
  long done = 0;   ///< pixels it completed
  long total = 0;  ///< pixels of the images played
  std::string waiting_on;
  bool for_space = false;  ///< waiting for room in waiting_on's input buffer, else for its pixels
};

/// Plays `images` images through the pipeline's order rules with the given tile input buffer:
/// each layer completes its pixels in order, once the producer pixels they read are complete
/// and every consumer's share has room. Returns the layers that cannot finish (empty: the
/// pipeline completes).
std::vector<PipelineStall> pipeline_stalls(const Mapping& m, double tile_input_bytes, int images = 2);

/// The smallest buffer.tile_input_bytes, in whole KiB, with which every layer's windows fit
/// and the pipeline completes.
double smallest_tile_input_bytes(const Mapping& m, int images = 2);

/// The buffers with which `net` maps on `hw`: each of buffer.pe_line_bytes, tile_input_bytes
/// and tile_output_bytes kept where it suffices, else raised to the smallest size that works
/// (whole KiB for the tile input buffer). Throws MappingError for what no buffer size fixes.
config::BufferConfig fitting_buffers(const workloads::Network& net, const config::HwConfig& hw);

/// Throws MappingError naming buffer.tile_input_bytes and the smallest value that works when
/// the pipeline would stop with m's tile input buffers.
void check_pipeline_completes(const Mapping& m);

}  // namespace imc::mapping
