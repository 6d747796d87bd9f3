// SPDX-License-Identifier: MIT
// preset = "nacim": NACIM's layer-wise space. conv<i>_kernel, conv<i>_filters per conv layer,
// fc<j>_neurons per FC layer, and per-layer bits when the config offers choices.
#include "nas/space/impl/presets.h"

namespace imc::nas::spaces {
namespace {

using config::LayerKind;
using config::LayerSpec;

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
    conv.padding = config::Padding::uniform(kernel / 2);
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

class Nacim : public SpacePreset {
 public:
  SearchSpace space(const config::SpaceConfig& cfg) const override { return nacim_space(cfg); }
  Candidate decode(const config::SpaceConfig& cfg, const Point& point, const workloads::Shape& input,
                   int classes) const override {
    return decode_nacim(cfg, point, input, classes);
  }
  std::string architecture(const config::SpaceConfig& cfg, const Point& point) const override {
    return decode_nacim(cfg, point, workloads::Shape{32, 32, 1, false}, 10).architecture;
  }
  std::vector<std::string> cells(const config::SpaceConfig& cfg, const Point& point) const override {
    const std::string a = architecture(cfg, point);
    return {a.substr(0, a.find('|')), a.substr(a.find('|') + 1)};
  }
  std::vector<std::string> headers(size_t, bool long_form) const override {
    if (long_form) return {"Conv (kernel x filters)", "FC (neurons)"};
    return {"Conv", "FC"};
  }
  size_t min_columns() const override { return 2; }
};

}  // namespace

std::shared_ptr<const SpacePreset> make_nacim() { return std::make_shared<Nacim>(); }

}  // namespace imc::nas::spaces
