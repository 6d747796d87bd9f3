// SPDX-License-Identifier: MIT
#include "nas/space/presets.h"

#include <cmath>

namespace imc::nas {
namespace {

using config::LayerKind;
using config::LayerSpec;

ParamSpec categorical(const std::string& name, const std::vector<int>& values) {
  ParamSpec p;
  p.name = name;
  p.kind = ParamKind::Categorical;
  for (int v : values) p.choices.push_back(std::to_string(v));
  return p;
}

int choice(const Point& point, const std::string& name, const std::vector<int>& values) {
  return values.at(static_cast<size_t>(point.at(name)));
}

SearchSpace amin2024_space(const config::SpaceConfig& cfg) {
  SearchSpace s;
  ParamSpec n;
  n.name = "n_blocks";
  n.kind = ParamKind::Int;
  n.low = cfg.min_blocks;
  n.high = cfg.max_blocks;
  s.add(n);
  for (int i = 1; i <= cfg.max_blocks; ++i) {
    ParamSpec type;
    type.name = "bt" + std::to_string(i);
    type.kind = ParamKind::Categorical;
    type.choices = cfg.block_types;
    ParamSpec k = categorical("k" + std::to_string(i), cfg.kernels);
    if (i > cfg.min_blocks) {  // conditional: block i exists only in deeper networks
      type.parent = k.parent = "n_blocks";
      type.parent_min = k.parent_min = i;
    }
    s.add(type);
    s.add(k);
  }
  return s;
}

/// Per-layer precisions, when the config offers choices: <layer>_wbits and <layer>_abits.
void add_bits(SearchSpace& s, const config::SpaceConfig& cfg, const std::string& layer) {
  if (!cfg.weight_bits.empty()) s.add(categorical(layer + "_wbits", cfg.weight_bits));
  if (!cfg.activation_bits.empty()) s.add(categorical(layer + "_abits", cfg.activation_bits));
}

SearchSpace nacim_space(const config::SpaceConfig& cfg) {
  SearchSpace s;
  for (int i = 1; i <= cfg.conv_layers; ++i) {
    s.add(categorical("conv" + std::to_string(i) + "_kernel", cfg.kernel_sizes));
    s.add(categorical("conv" + std::to_string(i) + "_filters", cfg.filters));
    add_bits(s, cfg, "conv" + std::to_string(i));
  }
  for (int j = 1; j <= cfg.fc_layers; ++j) {
    s.add(categorical("fc" + std::to_string(j) + "_neurons", cfg.neurons));
    add_bits(s, cfg, "fc" + std::to_string(j));
  }
  return s;
}

/// Sets a layer's precisions from the point; returns their notation ("/w6a8"), or "".
std::string apply_bits(const config::SpaceConfig& cfg, const Point& point, const std::string& name, LayerSpec& l) {
  std::string text;
  if (!cfg.weight_bits.empty()) {
    l.weight_bits = choice(point, name + "_wbits", cfg.weight_bits);
    text += "w" + std::to_string(l.weight_bits);
  }
  if (!cfg.activation_bits.empty()) {
    l.activation_bits = choice(point, name + "_abits", cfg.activation_bits);
    text += "a" + std::to_string(l.activation_bits);
  }
  return text.empty() ? text : "/" + text;
}

LayerSpec layer(const std::string& name, LayerKind kind, const std::string& input) {
  LayerSpec l;
  l.name = name;
  l.kind = kind;
  l.inputs = {input};
  return l;
}

/// NACIM's template (workloads/nets/nacim.toml): conv-BN-ReLU with 'same' padding, a
/// 2x2 max pool after every second conv, then FC-ReLU layers and the classifier.
Candidate decode_nacim(const config::SpaceConfig& cfg, const Point& point, const workloads::Shape& input, int classes) {
  Candidate c;
  config::NetSpec& net = c.spec;
  net.layers.push_back(workloads::input_layer(input, ""));
  std::string last = "input";
  for (int i = 1; i <= cfg.conv_layers; ++i) {
    const std::string p = "conv" + std::to_string(i);
    const int kernel = choice(point, p + "_kernel", cfg.kernel_sizes);
    const int filters = choice(point, p + "_filters", cfg.filters);
    LayerSpec conv = layer(p, LayerKind::Conv2d, last);
    conv.out_channels = filters;
    conv.kernel = kernel;
    conv.padding = kernel / 2;
    conv.bias = false;
    c.architecture +=
        (i > 1 ? "," : "") + std::to_string(kernel) + "x" + std::to_string(filters) + apply_bits(cfg, point, p, conv);
    net.layers.push_back(conv);
    net.layers.push_back(layer(p + "_bn", LayerKind::BatchNorm, p));
    net.layers.push_back(layer(p + "_relu", LayerKind::Relu, p + "_bn"));
    last = p + "_relu";
    if (i % 2 == 0) {
      LayerSpec pool = layer("pool" + std::to_string(i / 2), LayerKind::MaxPool, last);
      pool.kernel = 2;
      pool.stride = 2;
      net.layers.push_back(pool);
      last = pool.name;
    }
  }
  net.layers.push_back(layer("flatten", LayerKind::Flatten, last));
  last = "flatten";
  c.architecture += "|";
  for (int j = 1; j <= cfg.fc_layers; ++j) {
    const std::string p = "fc" + std::to_string(j);
    const int neurons = choice(point, p + "_neurons", cfg.neurons);
    LayerSpec fc = layer(p, LayerKind::Linear, last);
    fc.out_channels = neurons;
    c.architecture += (j > 1 ? "," : "") + std::to_string(neurons) + apply_bits(cfg, point, p, fc);
    net.layers.push_back(fc);
    net.layers.push_back(layer(p + "_relu", LayerKind::Relu, p));
    last = p + "_relu";
  }
  LayerSpec out = layer("classifier", LayerKind::Linear, last);
  out.out_channels = classes;
  net.layers.push_back(out);
  net.name = "nacim:" + c.architecture;
  net.source = "search space nacim";
  for (LayerSpec& l : net.layers) l.origin = net.source;
  return c;
}

}  // namespace

std::vector<workloads::Block> blocks_of(const config::SpaceConfig& cfg, const Point& point) {
  std::vector<workloads::Block> blocks;
  const int n = static_cast<int>(std::lround(point.at("n_blocks")));
  for (int i = 1; i <= n; ++i) {
    const std::string type = cfg.block_types.at(static_cast<size_t>(point.at("bt" + std::to_string(i))));
    workloads::Block b;
    b.type = workloads::block_type_from_name(type).value();  // the config layer checked the names
    b.kernels = choice(point, "k" + std::to_string(i), cfg.kernels);
    blocks.push_back(b);
  }
  return blocks;
}

SearchSpace make_space(const config::SpaceConfig& cfg) {
  SearchSpace s = cfg.preset == "nacim" ? nacim_space(cfg) : amin2024_space(cfg);
  for (const config::HardwareDimension& d : cfg.hardware) {  // named by their keys: "adc.bits"
    ParamSpec p;
    p.name = d.key;
    if (!d.values.empty()) {
      p.kind = ParamKind::Categorical;
      p.choices = d.values;
    } else {
      p.kind = d.step > 0 ? ParamKind::Int : d.log ? ParamKind::LogFloat : ParamKind::Float;
      p.low = d.low;
      p.high = d.high;
      if (d.step > 0) p.step = d.step;
    }
    s.add(p);
  }
  return s;
}

std::vector<config::Override> hardware_overrides(const config::SpaceConfig& cfg, const Point& point) {
  std::vector<config::Override> out;
  for (const config::HardwareDimension& d : cfg.hardware)
    out.push_back({d.key, config::dimension_value_text(d, point.at(d.key)), "space.hardware " + d.key});
  return out;
}

std::string hardware_text(const std::vector<config::Override>& overrides) {
  std::string out;
  for (const config::Override& o : overrides) out += (out.empty() ? "" : ", ") + o.key_path + "=" + o.value_text;
  return out;
}

Candidate decode(const config::SpaceConfig& cfg, const Point& point, const workloads::Shape& input, int classes) {
  if (cfg.preset == "nacim") return decode_nacim(cfg, point, input, classes);
  workloads::Head head;
  head.hidden = cfg.head_hidden;
  head.classes = classes;
  const std::vector<workloads::Block> blocks = blocks_of(cfg, point);
  return {workloads::blocks_notation(blocks), workloads::build_block_net(blocks, input, head)};
}

std::string architecture(const config::SpaceConfig& cfg, const Point& point) {
  if (cfg.preset == "nacim") return decode_nacim(cfg, point, workloads::Shape{32, 32, 1, false}, 10).architecture;
  return workloads::blocks_notation(blocks_of(cfg, point));
}

}  // namespace imc::nas
