// SPDX-License-Identifier: MIT
#include "mapping/pipeline.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "mapping/timing.h"

namespace imc::mapping {

using workloads::LayerKind;

PixelGrid pixel_grid(const LayerMapping& l) {
  if (l.layer.kind() == LayerKind::Linear) return {};
  return {l.layer.out.height, l.layer.out.width};
}

bool waits_for_all(const LayerMapping& l, const LayerMapping& p) {
  return l.layer.kind() == LayerKind::Linear || p.layer.kind() == LayerKind::Linear;
}

long needed_pixel(const LayerMapping& l, const LayerMapping& p, int i, int j) {
  const int hp = p.layer.out.height, wp = p.layer.out.width;
  if (l.engine == Engine::Accumulator) return long(std::min(i, hp - 1)) * wp + std::min(j, wp - 1);
  const int k = l.layer.spec.kernel, s = l.layer.spec.stride;
  const config::Padding& pad = l.layer.spec.padding;
  int r, c;
  if (k == 1) {
    r = std::min(s * i, hp - 1);
    c = std::min(s * j, wp - 1);
  } else {  // the window's last row and column, less the padding before them
    r = std::min(std::max(k - pad.top, 1) + s * i, hp) - 1;
    c = std::min(std::max(k - pad.left, 1) + s * j, wp) - 1;
  }
  return long(r) * wp + c;
}

long first_needed_pixel(const LayerMapping& l, const LayerMapping& p, int i, int j) {
  const int hp = p.layer.out.height, wp = p.layer.out.width;
  if (l.engine == Engine::Accumulator) return long(std::min(i, hp - 1)) * wp + std::min(j, wp - 1);
  const int s = l.layer.spec.stride;
  const bool pointwise = l.layer.spec.kernel == 1;
  const int top = pointwise ? 0 : l.layer.spec.padding.top, left = pointwise ? 0 : l.layer.spec.padding.left;
  const int r = std::clamp(s * i - top, 0, hp - 1), c = std::clamp(s * j - left, 0, wp - 1);
  return long(r) * wp + c;
}

InputWindow input_window(const LayerMapping& l, const LayerMapping& p) {
  InputWindow w;
  w.pixel_bytes = double(p.layer.out.channels) * p.output_bits / 8.0;
  const PixelGrid own = pixel_grid(l);
  const long produced = pixel_grid(p).count();
  w.keep_from.assign(static_cast<size_t>(own.count()), 0);
  if (waits_for_all(l, p)) {  // reads the whole producer output; frees it with its last pixel
    w.keep_from.back() = produced;
    w.need_pixels = produced;
    return w;
  }
  // keep_from[q] = min over later pixels of the first pixel they read: a suffix minimum.
  long later = produced;
  for (long q = own.count() - 1; q >= 0; --q) {
    w.keep_from[static_cast<size_t>(q)] = later;
    const int i = static_cast<int>(q / own.cols), j = static_cast<int>(q % own.cols);
    later = std::min(later, first_needed_pixel(l, p, i, j));
  }
  for (long q = 0; q < own.count(); ++q) {
    const int i = static_cast<int>(q / own.cols), j = static_cast<int>(q % own.cols);
    const long held_from = q == 0 ? 0 : w.keep_from[static_cast<size_t>(q - 1)];
    w.need_pixels = std::max(w.need_pixels, needed_pixel(l, p, i, j) + 1 - held_from);
  }
  return w;
}

LayerBufferNeed layer_buffer_need(const Mapping& m, const LayerMapping& l) {
  LayerBufferNeed need;
  if (l.engine == Engine::Accumulator) return need;
  for (int p : l.producers) need.tile_input_bytes += input_window(l, m.layers[static_cast<size_t>(p)]).need_bytes();
  for (PixelPosition pos : kPixelPositions) {
    const PixelWork w = pixel_work(m, l, pos);
    if (l.engine == Engine::Crossbar)
      need.pe_line_bytes = std::max(need.pe_line_bytes, w.window_bytes + w.input_write_bytes);
    need.tile_output_bytes = std::max({need.tile_output_bytes, w.output_write_bytes, w.output_read_bytes});
  }
  return need;
}

void check_buffer_capacities(const Mapping& m) {
  const config::BufferConfig& b = m.hw.buffer;
  const std::string hint = ", or see `imcnas map --fit-buffers`)";
  for (const LayerMapping& l : m.layers) {
    const LayerBufferNeed need = layer_buffer_need(m, l);
    const std::string name = "layer '" + l.layer.name() + "'";
    const auto bytes = [](double v) { return std::to_string(static_cast<long>(std::ceil(v))); };
    if (need.tile_input_bytes > b.tile_input_bytes)
      throw MappingError(name + " must hold " + bytes(need.tile_input_bytes) +
                         " bytes of input at once (its window), but buffer.tile_input_bytes is " +
                         bytes(b.tile_input_bytes) + "; the pipeline would deadlock (set buffer.tile_input_bytes to " +
                         "at least " + bytes(need.tile_input_bytes) + hint);
    if (need.pe_line_bytes > b.pe_line_bytes)
      throw MappingError(name + " needs a " + bytes(need.pe_line_bytes) +
                         "-byte line buffer per PE for its window, but buffer.pe_line_bytes is " +
                         bytes(b.pe_line_bytes) + " (set it to at least " + bytes(need.pe_line_bytes) + hint);
    if (need.tile_output_bytes > b.tile_output_bytes)
      throw MappingError(name + " writes " + bytes(need.tile_output_bytes) +
                         " bytes of results per pixel into a tile output buffer of " + bytes(b.tile_output_bytes) +
                         " (set buffer.tile_output_bytes to at least " + bytes(need.tile_output_bytes) + hint);
  }
}

namespace {

/// Input pixels new to the line buffer, as MNSIM's pipelined mode fills it window by window:
/// the first pixel loads the (k-top) x (k-left) top-left patch, a row start s x (k-left)
/// pixels, the rest of the first row s new columns of k, and every later pixel s x s.
double new_input_pixels(int k, int s, const config::Padding& p, PixelPosition pos) {
  const int rows = std::max(k - p.top, 0), cols = std::max(k - p.left, 0);
  switch (pos) {
    case PixelPosition::First:
      return double(rows) * cols;
    case PixelPosition::FirstColumn:
      return double(s) * cols;
    case PixelPosition::FirstRow:
      return double(s) * k;
    case PixelPosition::Steady:
      return double(s) * s;
  }
  return 0;
}

/// Input pixels of the window read per output pixel: the whole window at a row start,
/// then only the s new columns of k.
double window_pixels(int k, int s, PixelPosition pos) {
  const bool row_start = pos == PixelPosition::First || pos == PixelPosition::FirstColumn;
  return row_start ? double(k) * k : double(s) * k;
}

PixelWork crossbar_work(const Mapping& m, const LayerMapping& l, PixelPosition pos) {
  const config::HwConfig& hw = m.hw;
  const CrossbarLayout& x = l.xbar;
  const double act = l.input_bits, out = l.output_bits;
  PixelWork w;
  // A linear layer takes and reads its whole input vector.
  w.input_write_bytes = x.max_row * act / 8.0;
  w.input_read_bytes = x.max_row * act / 8.0;
  w.window_bytes = x.max_row * act / 8.0;
  if (l.layer.kind() == LayerKind::Conv2d) {
    const int k = l.layer.spec.kernel, s = l.layer.spec.stride;
    const config::Padding& p = l.layer.spec.padding;
    const double channels_per_pe = double(x.max_row) / (k * k);
    w.input_write_bytes = channels_per_pe * new_input_pixels(k, s, p, pos) * act / 8.0;
    w.input_read_bytes = channels_per_pe * window_pixels(k, s, pos) * act / 8.0;
  }
  w.output_write_bytes = timing::partial_sum_bits(hw, l.max_pe) * double(x.max_col) * l.max_pe / 8.0;
  w.merge_read_bytes = x.max_col * out * l.max_pe / 8.0;
  w.merge_bits = double(x.max_col) * l.max_pe * out;
  w.transfer_bits = double(l.layer.out.channels) * out;
  return w;
}

PixelWork pooling_work(const LayerMapping& l, PixelPosition pos) {
  const double act = l.input_bits;  // pooling passes its input's precision on
  const int k = l.layer.spec.kernel, s = l.layer.spec.stride;
  const config::Padding& p = l.layer.spec.padding;
  const double c = l.layer.out.channels;
  // The pooling unit has no first-row case: after a row start it takes s x s new pixels.
  const PixelPosition fill = pos == PixelPosition::FirstRow ? PixelPosition::Steady : pos;
  PixelWork w;
  w.input_write_bytes = c * new_input_pixels(k, s, p, fill) * act / 8.0;
  w.input_read_bytes = c * window_pixels(k, s, pos) * act / 8.0;
  w.window_bytes = c * k * k * act / 8.0;
  w.output_write_bytes = c * act / 8.0;
  w.output_read_bytes = c * act / 8.0;
  w.transfer_bits = c * act;
  return w;
}

PixelWork accumulator_work(const LayerMapping& l) {
  const double act = l.output_bits;
  PixelWork w;
  // An add or a multiply reads and writes both operands (MNSIM's count); a move, the one pixel.
  const double operands = accumulator_op(l) == config::AccumulatorOp::Move ? 1.0 : 2.0;
  w.global_buffer_bytes = operands * l.layer.out.channels * act / 8.0;
  w.transfer_bits = l.layer.out.channels * act;
  return w;
}

}  // namespace

PixelWork pixel_work(const Mapping& m, const LayerMapping& l, PixelPosition pos) {
  switch (l.engine) {
    case Engine::Crossbar:
      return crossbar_work(m, l, pos);
    case Engine::Pooling:
      return pooling_work(l, pos);
    case Engine::Accumulator:
      return accumulator_work(l);
  }
  return {};
}

}  // namespace imc::mapping
