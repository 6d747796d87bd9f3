// SPDX-License-Identifier: MIT
// The pipeline rule (MNSIM's): which producer pixel an output pixel waits for,
// and how much work each output pixel carries. Shared by the analytic model
// and the event simulation.
#pragma once

#include <array>

#include "mapping/mapping.h"

namespace imc::mapping {

/// Where an output pixel sits: it decides how much new input the line buffer takes
/// and how much of the window is read (MNSIM fills the line buffer window by window).
enum class PixelPosition { First, FirstColumn, FirstRow, Steady };
inline constexpr std::array<PixelPosition, 4> kPixelPositions = {PixelPosition::First, PixelPosition::FirstColumn,
                                                                 PixelPosition::FirstRow, PixelPosition::Steady};

inline PixelPosition pixel_position(int i, int j) {
  if (j == 0) return i == 0 ? PixelPosition::First : PixelPosition::FirstColumn;
  return i == 0 ? PixelPosition::FirstRow : PixelPosition::Steady;
}

/// Output pixels of one inference: an FC layer is one event.
struct PixelGrid {
  int rows = 1;
  int cols = 1;
  long count() const { return long(rows) * cols; }
};
PixelGrid pixel_grid(const LayerMapping& l);

/// True when `l` can only start after every pixel of producer `p` (FC in or out).
bool waits_for_all(const LayerMapping& l, const LayerMapping& p);

/// Index of producer p's output pixel that pixel (i, j) of l waits for.
long needed_pixel(const LayerMapping& l, const LayerMapping& p, int i, int j);

/// Index of the first producer pixel (row-major) that pixel (i, j) of l reads.
long first_needed_pixel(const LayerMapping& l, const LayerMapping& p, int i, int j);

/// How a layer holds producer p's output in its tile input buffer: the producer writes each
/// output pixel in (and blocks while its share is full), the layer frees a pixel once no later
/// own pixel reads it. Not for accumulator layers (the global buffer is not back-pressured).
struct InputWindow {
  double pixel_bytes = 0;       ///< one producer pixel: channels x output bits / 8
  std::vector<long> keep_from;  ///< per own pixel q: first producer pixel still needed once 0..q are done
  long need_pixels = 0;         ///< most producer pixels held at once to compute any own pixel
  double need_bytes() const { return need_pixels * pixel_bytes; }
};
InputWindow input_window(const LayerMapping& l, const LayerMapping& p);

/// What one layer needs of each buffer at once: its input windows (the tile input buffer),
/// a window in a PE's line buffer, one pixel's results in the tile output buffer.
struct LayerBufferNeed {
  double tile_input_bytes = 0;
  double pe_line_bytes = 0;
  double tile_output_bytes = 0;
};
LayerBufferNeed layer_buffer_need(const Mapping& m, const LayerMapping& l);

/// Throws MappingError when a buffer of the chip cannot hold what one layer needs at once:
/// a layer's input windows (buffer.tile_input_bytes), a window of a PE's line buffer
/// (buffer.pe_line_bytes), one pixel's partial sums (buffer.tile_output_bytes).
void check_buffer_capacities(const Mapping& m);

/// The data one output pixel moves, in the units the components are timed in.
struct PixelWork {
  double input_write_bytes = 0;    ///< new input into each PE's line buffer (pooling: the tile's)
  double input_read_bytes = 0;     ///< the part of the window read into the input registers
  double window_bytes = 0;         ///< the whole window, which the line buffer keeps
  double output_write_bytes = 0;   ///< results into the tile output buffer
  double output_read_bytes = 0;    ///< pooling: results read back before the transfer
  double merge_read_bytes = 0;     ///< crossbar: partial sums read out for the merge
  double merge_bits = 0;           ///< partial-sum packet from each tile to the aggregation tile
  double transfer_bits = 0;        ///< activations to each consumer
  double global_buffer_bytes = 0;  ///< accumulator: global-buffer read and write, each
};
PixelWork pixel_work(const Mapping& m, const LayerMapping& l, PixelPosition pos);

}  // namespace imc::mapping
