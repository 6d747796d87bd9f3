// SPDX-License-Identifier: MIT
// preset = "nacim": NACIM's layer-wise space. conv<i>_kernel, conv<i>_filters per conv layer,
// fc<j>_neurons per FC layer, and per-layer bits when the config offers choices.
#include <cctype>
#include <stdexcept>

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
  Point point_of(const config::SpaceConfig& cfg, const std::string& architecture) const override;
  std::vector<Point> covering_points(const config::SpaceConfig& cfg) const override {
    Point p;
    const SearchSpace space = nacim_space(cfg);
    for (const ParamSpec& param : space.params()) p[param.name] = double(param.choices.size() - 1);
    return {with_widths(cfg, p, true)};
  }
  std::string bank_of(const config::SpaceConfig&, const Point&, const workloads::Layer& layer) const override {
    return layer.name();  // one layer, one bank
  }
  Point with_widths(const config::SpaceConfig& cfg, const Point& point, bool largest) const override {
    Point out = point;
    auto set = [&](const std::string& name, size_t choices) { out[name] = largest ? double(choices - 1) : 0.0; };
    for (int i = 1; i <= cfg.conv_layers; ++i) {
      set("conv" + std::to_string(i) + "_kernel", cfg.kernel_sizes.size());
      set("conv" + std::to_string(i) + "_filters", cfg.filters.size());
    }
    for (int j = 1; j <= cfg.fc_layers; ++j) set("fc" + std::to_string(j) + "_neurons", cfg.neurons.size());
    return out;
  }
};

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t end; (end = text.find(sep, start)) != std::string::npos; start = end + 1)
    out.push_back(text.substr(start, end - start));
  out.push_back(text.substr(start));
  return out;
}

/// Sets `name` to the index of `value` among `values`; throws saying what the space offers.
void set_choice(Point& p, const std::string& name, int value, const std::vector<int>& values, const std::string& arch) {
  for (size_t k = 0; k < values.size(); ++k) {
    if (values[k] != value) continue;
    p[name] = double(k);
    return;
  }
  std::string offered;
  for (int v : values) offered += (offered.empty() ? "" : ", ") + std::to_string(v);
  throw std::invalid_argument(arch + ": " + name + " = " + std::to_string(value) + " is not in the space (it offers " +
                              offered + ")");
}

int parse_int(const std::string& text, const std::string& arch) {
  size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw std::invalid_argument(arch + ": '" + text +
                                "' is not a number; expected KxF[/wWaA],...|N[/wWaA],..., as in "
                                "3x24,5x36|256");
  return v;
}

/// "/w6a8" -> the layer's bits parameters.
void parse_bits(Point& p, const config::SpaceConfig& cfg, const std::string& layer, const std::string& bits,
                const std::string& arch) {
  const bool want_w = !cfg.weight_bits.empty(), want_a = !cfg.activation_bits.empty();
  std::string rest = bits;
  auto take = [&](char tag, const std::string& param, const std::vector<int>& values) {
    if (rest.empty() || rest[0] != tag)
      throw std::invalid_argument(arch + ": layer " + layer + " needs its '" + std::string(1, tag) +
                                  "' bits (the space chooses them), as in 3x24/w6a8");
    size_t end = 1;
    while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
    set_choice(p, layer + "_" + param, parse_int(rest.substr(1, end - 1), arch), values, arch);
    rest = rest.substr(end);
  };
  if (want_w) take('w', "wbits", cfg.weight_bits);
  if (want_a) take('a', "abits", cfg.activation_bits);
  if (!rest.empty())
    throw std::invalid_argument(arch + ": layer " + layer + ": unexpected bits '" + rest + "'" +
                                (want_w || want_a ? "" : " (the space does not choose bits)"));
}

Point Nacim::point_of(const config::SpaceConfig& cfg, const std::string& arch) const {
  const size_t bar = arch.find('|');
  if (bar == std::string::npos)
    throw std::invalid_argument(arch + ": expected conv layers, '|', FC layers, as in 3x24,5x36|256");
  const std::vector<std::string> convs = split(arch.substr(0, bar), ','), fcs = split(arch.substr(bar + 1), ',');
  if (static_cast<int>(convs.size()) != cfg.conv_layers || static_cast<int>(fcs.size()) != cfg.fc_layers)
    throw std::invalid_argument(arch + ": " + std::to_string(convs.size()) + " conv and " + std::to_string(fcs.size()) +
                                " FC layers; the space has " + std::to_string(cfg.conv_layers) + " and " +
                                std::to_string(cfg.fc_layers));
  Point p;
  for (int i = 1; i <= cfg.conv_layers; ++i) {
    const std::string name = "conv" + std::to_string(i), item = convs[static_cast<size_t>(i - 1)];
    const size_t x = item.find('x'), slash = item.find('/');
    if (x == std::string::npos)
      throw std::invalid_argument(arch + ": conv layer '" + item + "': expected KxF, as in 3x24");
    set_choice(p, name + "_kernel", parse_int(item.substr(0, x), arch), cfg.kernel_sizes, arch);
    set_choice(p, name + "_filters",
               parse_int(item.substr(x + 1, slash == std::string::npos ? std::string::npos : slash - x - 1), arch),
               cfg.filters, arch);
    parse_bits(p, cfg, name, slash == std::string::npos ? "" : item.substr(slash + 1), arch);
  }
  for (int j = 1; j <= cfg.fc_layers; ++j) {
    const std::string name = "fc" + std::to_string(j), item = fcs[static_cast<size_t>(j - 1)];
    const size_t slash = item.find('/');
    set_choice(p, name + "_neurons", parse_int(item.substr(0, slash), arch), cfg.neurons, arch);
    parse_bits(p, cfg, name, slash == std::string::npos ? "" : item.substr(slash + 1), arch);
  }
  return p;
}

}  // namespace

std::shared_ptr<const SpacePreset> make_nacim() { return std::make_shared<Nacim>(); }

}  // namespace imc::nas::spaces
