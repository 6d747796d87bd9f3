// SPDX-License-Identifier: MIT
#include "mapping/pipeline.h"

#include <algorithm>

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
  const int k = l.layer.spec.kernel, s = l.layer.spec.stride, pad = l.layer.spec.padding;
  int r, c;
  if (k == 1) {
    r = std::min(s * i, hp - 1);
    c = std::min(s * j, wp - 1);
  } else {
    r = std::min(std::max(k - pad, 1) + s * i, hp) - 1;
    c = std::min(std::max(k - pad, 1) + s * j, wp) - 1;
  }
  return long(r) * wp + c;
}

namespace {

PixelWork crossbar_work(const Mapping& m, const LayerMapping& l, PixelPosition pos) {
  const config::HwConfig& hw = m.hw;
  const CrossbarLayout& x = l.xbar;
  const double act = l.input_bits, out = l.output_bits;
  PixelWork w;
  // Line buffer: only the input the window has not seen yet. A linear layer takes its whole input vector.
  w.input_write_bytes = x.max_row * act / 8.0;
  if (l.layer.kind() == LayerKind::Conv2d) {
    const int k = l.layer.spec.kernel, s = l.layer.spec.stride, p = l.layer.spec.padding;
    const double channels_per_pe = double(x.max_row) / (k * k);
    double pixels = double(s) * k;
    if (pos == PixelPosition::First) pixels = double(l.layer.in.width) * std::max(k - p - 1, 0) + std::max(k - p, 0);
    if (pos == PixelPosition::FirstColumn) pixels = double(s) * std::max(k - p, 0);
    w.input_write_bytes = channels_per_pe * pixels * act / 8.0;
  }
  w.input_read_bytes = x.max_row * act / 8.0;
  w.output_write_bytes = timing::partial_sum_bits(hw, l.max_pe) * double(x.max_col) * l.max_pe / 8.0;
  w.merge_read_bytes = x.max_col * out * l.max_pe / 8.0;
  w.merge_bits = double(x.max_col) * l.max_pe * out;
  w.transfer_bits = double(l.layer.out.channels) * out;
  return w;
}

PixelWork pooling_work(const LayerMapping& l) {
  const double act = l.input_bits;  // pooling passes its input's precision on
  const int k = l.layer.spec.kernel, s = l.layer.spec.stride;
  const double c = l.layer.out.channels;
  PixelWork w;
  w.input_write_bytes = c * s * k * act / 8.0;
  w.input_read_bytes = c * k * k * act / 8.0;
  w.output_write_bytes = c * act / 8.0;
  w.output_read_bytes = c * act / 8.0;
  w.transfer_bits = c * act;
  return w;
}

PixelWork accumulator_work(const LayerMapping& l) {
  const double act = l.output_bits;
  PixelWork w;
  w.global_buffer_bytes = 2.0 * l.layer.out.channels * act / 8.0;
  w.transfer_bits = l.layer.out.channels * act;
  return w;
}

}  // namespace

PixelWork pixel_work(const Mapping& m, const LayerMapping& l, PixelPosition pos) {
  switch (l.engine) {
    case Engine::Crossbar:
      return crossbar_work(m, l, pos);
    case Engine::Pooling:
      return pooling_work(l);
    case Engine::Accumulator:
      return accumulator_work(l);
  }
  return {};
}

}  // namespace imc::mapping
