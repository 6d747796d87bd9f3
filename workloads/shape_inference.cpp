// SPDX-License-Identifier: MIT
#include "workloads/shape_inference.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace imc::workloads {
namespace {

void expect_inputs(const Layer& l, const std::vector<const Layer*>& producers, size_t min, size_t max) {
  if (producers.size() < min || producers.size() > max) {
    const std::string want = min == max ? std::to_string(min) : "at least " + std::to_string(min);
    throw std::invalid_argument(std::string(config::layer_kind_name(l.kind())) + " takes " + want +
                                " input(s), found " + std::to_string(producers.size()));
  }
}

void expect_feature_map(const Layer& l, const Layer& producer) {
  if (producer.out.flat) {
    throw std::invalid_argument(std::string(config::layer_kind_name(l.kind())) + " needs a feature map, but input '" +
                                producer.name() + "' is flat (" + producer.out.str() + ")");
  }
}

void check_size(const Layer& l) {
  if (l.out.elements() > kMaxTensorElements)
    throw std::invalid_argument("its output (" + l.out.str() + ") would have more than the supported " +
                                std::to_string(kMaxTensorElements) + " elements");
}

}  // namespace

int window_output(int size, int kernel, int stride, int pad_begin, int pad_end, const char* what, bool ceil_mode) {
  const int span = size + pad_begin + pad_end - kernel;
  if (span < 0) {
    throw std::invalid_argument(std::string(what) + " collapses the feature map below 1x1: size " +
                                std::to_string(size) + " with padding " + std::to_string(pad_begin) + " + " +
                                std::to_string(pad_end) + " is smaller than kernel " + std::to_string(kernel));
  }
  if (!ceil_mode) return span / stride + 1;
  // PyTorch's rule: round up, but the last window must start inside the input or its left padding.
  int out = (span + stride - 1) / stride + 1;
  if ((out - 1) * stride >= size + pad_begin) --out;
  return out;
}

void infer_layer(Layer& l, const std::vector<const Layer*>& producers) {
  const LayerSpec& s = l.spec;
  if (s.kind == LayerKind::Input) {
    l.in = l.out = Shape{s.height, s.width, s.channels, false};
    check_size(l);
    return;
  }
  switch (s.kind) {
    case LayerKind::Add:
    case LayerKind::Concat:
      expect_inputs(l, producers, 2, SIZE_MAX);
      break;
    case LayerKind::Mul:
      expect_inputs(l, producers, 2, 2);
      break;
    default:
      expect_inputs(l, producers, 1, 1);
  }
  const Shape in = producers.front()->out;
  l.in = in;

  switch (s.kind) {
    case LayerKind::Conv2d: {
      expect_feature_map(l, *producers.front());
      if (in.channels % s.groups != 0)
        throw std::invalid_argument("has groups = " + std::to_string(s.groups) + ", which must divide its " +
                                    std::to_string(in.channels) + " input channels");
      const int h = window_output(in.height, s.kernel, s.stride, s.padding.top, s.padding.bottom, "conv2d");
      const int w = window_output(in.width, s.kernel, s.stride, s.padding.left, s.padding.right, "conv2d");
      l.out = Shape{h, w, s.out_channels, false};
      const int64_t weights = l.fan_in() * s.out_channels;
      if (double(weights) > double(kMaxLayerWeights))
        throw std::invalid_argument("has " + std::to_string(weights) + " weights, more than the supported " +
                                    std::to_string(kMaxLayerWeights));
      l.params = weights + (s.bias ? s.out_channels : 0);
      l.macs = weights * h * w;  // below 2^62: weights <= 2^32, h * w <= 2^30
      break;
    }
    case LayerKind::Linear:
      if (!in.flat) {
        throw std::invalid_argument("linear needs a flat input, but '" + producers.front()->name() + "' gives " +
                                    in.str() + "; add a flatten layer before it");
      }
      l.out = Shape{1, 1, s.out_channels, true};
      if (double(in.channels) * s.out_channels > double(kMaxLayerWeights))
        throw std::invalid_argument("has " + std::to_string(int64_t{in.channels} * s.out_channels) +
                                    " weights, more than the supported " + std::to_string(kMaxLayerWeights));
      l.params = int64_t{in.channels} * s.out_channels + (s.bias ? s.out_channels : 0);
      l.macs = int64_t{in.channels} * s.out_channels;
      break;
    case LayerKind::MaxPool:
    case LayerKind::AvgPool: {
      expect_feature_map(l, *producers.front());
      const char* what = config::layer_kind_name(s.kind);
      const config::Padding& p = s.padding;
      l.out =
          Shape{window_output(in.height, s.kernel, s.stride, p.top, p.bottom, what, s.ceil_mode),
                window_output(in.width, s.kernel, s.stride, p.left, p.right, what, s.ceil_mode), in.channels, false};
      break;
    }
    case LayerKind::BatchNorm:
      l.out = in;
      l.params = 2 * int64_t{in.channels};  // scale and shift
      break;
    case LayerKind::Relu:
    case LayerKind::Dropout:
    case LayerKind::Activation:
      l.out = in;
      break;
    case LayerKind::Mul: {
      // Equal shapes, or one C×1×1 input that scales every pixel of the other (squeeze-and-excitation).
      const Shape& a = producers[0]->out;
      const Shape& b = producers[1]->out;
      const auto is_scale = [](const Shape& s, const Shape& of) {
        return !s.flat && !of.flat && s.height == 1 && s.width == 1 && s.channels == of.channels;
      };
      if (a == b || is_scale(b, a))
        l.out = a;
      else if (is_scale(a, b))
        l.out = b;
      else
        throw std::invalid_argument(
            "mul needs inputs of one shape, or one of C×1×1 with the other's C channels, but '" + producers[0]->name() +
            "' gives " + a.str() + " and '" + producers[1]->name() + "' gives " + b.str());
      l.in = l.out;
      break;
    }
    case LayerKind::Flatten:
      l.out = Shape{1, 1, static_cast<int>(in.elements()), true};  // checked on the producer
      break;
    case LayerKind::ChannelShuffle:
      expect_feature_map(l, *producers.front());
      if (in.channels % s.groups != 0)
        throw std::invalid_argument("has groups = " + std::to_string(s.groups) + ", which must divide its " +
                                    std::to_string(in.channels) + " input channels");
      l.out = in;
      break;
    case LayerKind::Slice:
      if (s.slice_end > in.channels)
        throw std::invalid_argument("keeps channels [" + std::to_string(s.slice_begin) + ", " +
                                    std::to_string(s.slice_end) + ") but its input '" + producers.front()->name() +
                                    "' has " + std::to_string(in.channels) + "; end must be at most " +
                                    std::to_string(in.channels));
      l.out = Shape{in.height, in.width, s.slice_end - s.slice_begin, in.flat};
      break;
    case LayerKind::Add:
      for (const Layer* p : producers) {
        if (p->out != in) {
          throw std::invalid_argument("add needs inputs of one shape, but '" + producers.front()->name() + "' gives " +
                                      in.str() + " and '" + p->name() + "' gives " + p->out.str() +
                                      " (mismatched channels or size)");
        }
      }
      l.out = in;
      break;
    case LayerKind::Concat: {
      int64_t channels = 0;
      for (const Layer* p : producers) {
        if (p->out.flat != in.flat || p->out.height != in.height || p->out.width != in.width) {
          throw std::invalid_argument("concat needs inputs of one height and width, but '" + producers.front()->name() +
                                      "' gives " + in.str() + " and '" + p->name() + "' gives " + p->out.str());
        }
        channels += p->out.channels;
      }
      if (channels * in.height * in.width > kMaxTensorElements)
        throw std::invalid_argument("its output (" + std::to_string(in.height) + "x" + std::to_string(in.width) + "x" +
                                    std::to_string(channels) + ") would have more than the supported " +
                                    std::to_string(kMaxTensorElements) + " elements");
      l.out = Shape{in.height, in.width, static_cast<int>(channels), in.flat};
      break;
    }
    case LayerKind::Input:
      break;
  }
  check_size(l);
}

}  // namespace imc::workloads
