// SPDX-License-Identifier: MIT
#include "configs/net_writer.h"

#include <toml++/toml.h>

#include <sstream>

namespace imc::config {
namespace {

/// The reader's two forms: one integer when every side is equal, else [top, left, bottom, right].
void insert_padding(toml::table& t, const Padding& p) {
  if (!p.any()) return;
  if (p.symmetric()) {
    t.insert("padding", p.top);
    return;
  }
  t.insert("padding", toml::array{p.top, p.left, p.bottom, p.right});
}

}  // namespace

std::string net_spec_toml(const NetSpec& net) {
  toml::array layers;
  const LayerSpec* previous = nullptr;
  for (const LayerSpec& l : net.layers) {
    toml::table t;
    t.insert("name", l.name);
    t.insert("kind", layer_kind_name(l.kind));
    // A layer fed by the one above needs no inputs key (the reader's default).
    if (l.kind != LayerKind::Input && !(previous && l.inputs == std::vector<std::string>{previous->name})) {
      toml::array inputs;
      for (const std::string& in : l.inputs) inputs.push_back(in);
      t.insert("inputs", std::move(inputs));
    }
    switch (l.kind) {
      case LayerKind::Input:
        t.insert("height", l.height);
        t.insert("width", l.width);
        t.insert("channels", l.channels);
        break;
      case LayerKind::Conv2d:
      case LayerKind::Linear:
        t.insert(l.kind == LayerKind::Conv2d ? "out_channels" : "out_features", l.out_channels);
        if (l.kind == LayerKind::Conv2d) {
          t.insert("kernel", l.kernel);
          if (l.stride != 1) t.insert("stride", l.stride);
          insert_padding(t, l.padding);
          if (l.groups != 1) t.insert("groups", l.groups);
        }
        if (!l.bias) t.insert("bias", false);
        if (l.weight_bits != 0) t.insert("weight_bits", l.weight_bits);
        if (l.activation_bits != 0) t.insert("activation_bits", l.activation_bits);
        break;
      case LayerKind::MaxPool:
      case LayerKind::AvgPool:
        t.insert("kernel", l.kernel);
        if (l.stride != l.kernel) t.insert("stride", l.stride);
        insert_padding(t, l.padding);
        if (l.ceil_mode) t.insert("ceil_mode", true);
        if (l.kind == LayerKind::AvgPool && !l.count_include_pad) t.insert("count_include_pad", false);
        break;
      case LayerKind::Dropout:
        t.insert("p", l.dropout_p);
        break;
      case LayerKind::Activation:
        t.insert("function", activation_name(l.activation));
        break;
      case LayerKind::Relu:
        if (l.relu_max > 0) t.insert("max", l.relu_max);
        break;
      case LayerKind::ChannelShuffle:
        t.insert("groups", l.groups);
        break;
      case LayerKind::Slice:
        t.insert("begin", l.slice_begin);
        t.insert("end", l.slice_end);
        break;
      default:
        break;
    }
    layers.push_back(std::move(t));
    previous = &l;
  }
  toml::table doc;
  doc.insert("name", net.name);
  doc.insert("layer", std::move(layers));
  std::string source = net.source.empty() ? "a network" : net.source;
  for (char& c : source) {
    if (c == '\n' || c == '\r') c = ' ';  // one comment line, whatever the path holds
  }
  std::ostringstream out;
  out << "# Written by imcnas from " << source << ".\n" << toml::toml_formatter{doc} << "\n";
  return out.str();
}

}  // namespace imc::config
