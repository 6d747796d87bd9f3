// SPDX-License-Identifier: MIT
#include "configs/net_spec.h"

#include <algorithm>
#include <memory>

#include "configs/detail/table_reader.h"
#include "configs/registry.h"

namespace imc::config {
namespace {

using detail::TableReader;

/// 0 (the chip's precision), or 2..32: one sign bit selects the positive or negative crossbar,
/// so a weight needs at least one magnitude bit to occupy any cell.
int layer_weight_bits(const TableReader& t) {
  const int bits = static_cast<int>(t.integer_or("weight_bits", 0, 0, 32));
  if (bits == 1) t.fail("weight_bits", "is 1, expected 0 (the chip's) or 2 to 32: the sign takes one bit");
  return bits;
}

constexpr int kMaxDim = 1 << 20;

/// `padding = P` (every side) or `padding = [top, left, bottom, right]` (ONNX's order).
/// A pool's window must not lie wholly in its padding: every side at most half the kernel.
Padding read_padding(const TableReader& t, int kernel, bool pool) {
  Padding p;
  if (t.is_array("padding")) {
    const std::vector<int64_t> v = t.integer_list("padding", 0, 1024);
    if (v.size() != 4)
      t.fail("padding",
             "has " + std::to_string(v.size()) + " values, expected one integer or four: [top, left, bottom, right]");
    p = {static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[2]), static_cast<int>(v[3])};
  } else {
    p = Padding::uniform(static_cast<int>(t.integer_or("padding", 0, 0, 1024)));
  }
  if (pool && 2 * p.largest() > kernel)
    t.fail("padding",
           "is " + p.str() + "; every side must be at most half the kernel (" + std::to_string(kernel / 2) + ")");
  return p;
}

LayerSpec read_layer(const TableReader& t, const LayerSpec* previous) {
  LayerSpec l;
  l.origin = t.where();
  l.name = t.string("name");
  if (l.name.empty()) t.fail("name", "must not be empty");
  std::vector<std::string> kind_names;
  for (LayerKind k : all_layer_kinds()) kind_names.push_back(layer_kind_name(k));
  const std::string kind = t.choice("kind", kind_names);
  for (LayerKind k : all_layer_kinds()) {
    if (kind == layer_kind_name(k)) l.kind = k;
  }

  if (l.kind == LayerKind::Input) {
    if (t.has("inputs")) t.fail("inputs", "an input layer takes no inputs");
    l.height = static_cast<int>(t.integer("height", 1, kMaxDim));
    l.width = static_cast<int>(t.integer("width", 1, kMaxDim));
    l.channels = static_cast<int>(t.integer("channels", 1, kMaxDim));
    t.finish();
    return l;
  }

  if (t.has("inputs")) {
    l.inputs = t.string_list("inputs");
    if (l.inputs.empty()) t.fail("inputs", "found an empty list, expected at least one producer layer name");
  } else if (previous) {
    l.inputs = {previous->name};  // default: a chain, fed by the layer above
  } else {
    t.fail("inputs", "missing; the first layer must be of kind \"input\" or name its inputs");
  }

  switch (l.kind) {
    case LayerKind::Conv2d:
      l.out_channels = static_cast<int>(t.integer("out_channels", 1, kMaxDim));
      l.kernel = static_cast<int>(t.integer("kernel", 1, 1024));
      l.stride = static_cast<int>(t.integer_or("stride", 1, 1, 1024));
      l.padding = read_padding(t, l.kernel, false);
      l.groups = static_cast<int>(t.integer_or("groups", 1, 1, kMaxDim));
      if (l.out_channels % l.groups != 0)
        t.fail("groups", "must divide out_channels (" + std::to_string(l.out_channels) + ")");
      l.bias = t.boolean_or("bias", true);
      l.weight_bits = layer_weight_bits(t);
      l.activation_bits = static_cast<int>(t.integer_or("activation_bits", 0, 0, 32));
      break;
    case LayerKind::Linear:
      l.out_channels = static_cast<int>(t.integer("out_features", 1, kMaxDim));
      l.bias = t.boolean_or("bias", true);
      l.weight_bits = layer_weight_bits(t);
      l.activation_bits = static_cast<int>(t.integer_or("activation_bits", 0, 0, 32));
      break;
    case LayerKind::MaxPool:
    case LayerKind::AvgPool:
      l.kernel = static_cast<int>(t.integer("kernel", 1, 1024));
      l.stride = static_cast<int>(t.integer_or("stride", l.kernel, 1, 1024));
      l.padding = read_padding(t, l.kernel, true);
      l.ceil_mode = t.boolean_or("ceil_mode", false);
      if (l.ceil_mode && !l.padding.symmetric())
        t.fail("ceil_mode",
               "is true with padding " + l.padding.str() + "; imcnas rounds up with equal padding on every side only");
      if (l.kind == LayerKind::AvgPool) l.count_include_pad = t.boolean_or("count_include_pad", true);
      break;
    case LayerKind::Dropout:
      l.dropout_p = t.number_or("p", 0.5, 0.0, 0.999999);
      break;
    case LayerKind::Relu:
      if (t.has("max")) l.relu_max = t.number("max", 1e-6, 1e6);
      break;
    case LayerKind::ChannelShuffle:
      l.groups = static_cast<int>(t.integer("groups", 1, kMaxDim));
      break;
    case LayerKind::Slice:
      l.slice_begin = static_cast<int>(t.integer("begin", 0, kMaxDim - 1));
      l.slice_end = static_cast<int>(t.integer("end", 1, kMaxDim));
      if (l.slice_end <= l.slice_begin)
        t.fail("end",
               "must be above begin (" + std::to_string(l.slice_begin) + "): a slice keeps channels [begin, end)");
      break;
    case LayerKind::Activation: {
      const std::string name = t.string("function");
      if (!activation_from_name(name, l.activation))
        t.fail("function", "unknown activation '" + name + "'; expected one of: " + joined_names(activation_names()));
      break;
    }
    default:
      break;
  }
  t.finish();
  return l;
}

NetSpec read_net(const toml::table& doc, const std::shared_ptr<detail::ReadContext>& ctx) {
  const TableReader root(doc, "", ctx);
  NetSpec net;
  net.source = ctx->file;
  net.name = root.string("name");
  const std::vector<TableReader> layers = root.table_array("layer");
  root.finish();
  if (layers.empty()) root.fail("layer", "found no layers, expected at least an input layer");
  for (const TableReader& t : layers) {
    net.layers.push_back(read_layer(t, net.layers.empty() ? nullptr : &net.layers.back()));
  }
  return net;
}

}  // namespace

int Padding::largest() const { return std::max({top, left, bottom, right}); }

std::string Padding::str() const {
  if (symmetric()) return std::to_string(top);
  return "[" + std::to_string(top) + ", " + std::to_string(left) + ", " + std::to_string(bottom) + ", " +
         std::to_string(right) + "]";
}

const char* layer_kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::Input:
      return "input";
    case LayerKind::Conv2d:
      return "conv2d";
    case LayerKind::BatchNorm:
      return "batchnorm";
    case LayerKind::Relu:
      return "relu";
    case LayerKind::MaxPool:
      return "maxpool";
    case LayerKind::AvgPool:
      return "avgpool";
    case LayerKind::Add:
      return "add";
    case LayerKind::Concat:
      return "concat";
    case LayerKind::Flatten:
      return "flatten";
    case LayerKind::Linear:
      return "linear";
    case LayerKind::Dropout:
      return "dropout";
    case LayerKind::Activation:
      return "activation";
    case LayerKind::Mul:
      return "mul";
    case LayerKind::ChannelShuffle:
      return "channel_shuffle";
    case LayerKind::Slice:
      return "slice";
  }
  return "?";
}

const std::vector<LayerKind>& all_layer_kinds() {
  static const std::vector<LayerKind> kinds{
      LayerKind::Input,   LayerKind::Conv2d,     LayerKind::BatchNorm, LayerKind::Relu,           LayerKind::MaxPool,
      LayerKind::AvgPool, LayerKind::Add,        LayerKind::Concat,    LayerKind::Flatten,        LayerKind::Linear,
      LayerKind::Dropout, LayerKind::Activation, LayerKind::Mul,       LayerKind::ChannelShuffle, LayerKind::Slice};
  return kinds;
}

NetSpec parse_net_text(const std::string& text, const std::string& source) {
  auto ctx = std::make_shared<detail::ReadContext>();
  ctx->file = source;
  return read_net(detail::parse_document(text, source), ctx);
}

NetSpec load_net_file(const std::string& path) { return parse_net_text(detail::read_text_file(path), path); }

}  // namespace imc::config
