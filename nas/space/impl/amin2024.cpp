// SPDX-License-Identifier: MIT
// preset = "amin2024": the main paper's Table I space. n_blocks, then bt<i>/k<i> per block
// (block i exists when n_blocks >= i); a fixed head.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "nas/space/impl/presets.h"

namespace imc::nas {

std::vector<workloads::Block> blocks_of(const config::SpaceConfig& cfg, const Point& point) {
  std::vector<workloads::Block> blocks;
  const int n = static_cast<int>(std::lround(point.at("n_blocks")));
  for (int i = 1; i <= n; ++i) {
    const std::string type = cfg.block_types.at(static_cast<size_t>(point.at("bt" + std::to_string(i))));
    workloads::Block b;
    b.type = workloads::block_type_from_name(type).value();  // the config layer checked the names
    b.kernels = spaces::choice(point, "k" + std::to_string(i), cfg.kernels);
    blocks.push_back(b);
  }
  return blocks;
}

namespace spaces {
namespace {

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

class Amin2024 : public SpacePreset {
 public:
  SearchSpace space(const config::SpaceConfig& cfg) const override { return amin2024_space(cfg); }
  Candidate decode(const config::SpaceConfig& cfg, const Point& point, const workloads::Shape& input,
                   int classes) const override {
    workloads::Head head;
    head.hidden = cfg.head_hidden;
    head.classes = classes;
    const std::vector<workloads::Block> blocks = blocks_of(cfg, point);
    return {workloads::blocks_notation(blocks), workloads::build_block_net(blocks, input, head)};
  }
  std::string architecture(const config::SpaceConfig& cfg, const Point& point) const override {
    return workloads::blocks_notation(blocks_of(cfg, point));
  }
  std::vector<std::string> cells(const config::SpaceConfig& cfg, const Point& point) const override {
    std::vector<std::string> out;
    for (const workloads::Block& b : blocks_of(cfg, point))
      out.push_back(std::string(workloads::block_type_name(b.type)) + "/" + std::to_string(b.kernels));
    return out;
  }
  std::vector<std::string> headers(size_t columns, bool) const override {
    std::vector<std::string> out;
    for (size_t c = 1; c <= columns; ++c) out.push_back("BT" + std::to_string(c) + "/K" + std::to_string(c));
    return out;
  }
  Point point_of(const config::SpaceConfig& cfg, const std::string& architecture) const override;
  std::vector<Point> covering_points(const config::SpaceConfig& cfg) const override;
  std::string bank_of(const config::SpaceConfig& cfg, const Point& point, const workloads::Layer& layer) const override;
  Point with_widths(const config::SpaceConfig& cfg, const Point& point, bool largest) const override {
    Point out = point;
    for (int i = 1; i <= static_cast<int>(std::lround(point.at("n_blocks"))); ++i)
      out["k" + std::to_string(i)] = largest ? double(cfg.kernels.size() - 1) : 0.0;
    return out;
  }
};

/// The index of `value` in `values`; throws naming the parameter when it is not there.
template <class T>
double index_in(const std::vector<T>& values, const T& value, const std::string& what, const std::string& offered) {
  const auto it = std::find(values.begin(), values.end(), value);
  if (it == values.end()) throw std::invalid_argument(what + " is not in the space (it offers " + offered + ")");
  return double(it - values.begin());
}

std::string listed(const std::vector<int>& v) {
  std::string out;
  for (int x : v) out += (out.empty() ? "" : ", ") + std::to_string(x);
  return out;
}

Point Amin2024::point_of(const config::SpaceConfig& cfg, const std::string& architecture) const {
  const std::vector<workloads::Block> blocks = workloads::parse_blocks(architecture);
  const int n = static_cast<int>(blocks.size());
  if (n < cfg.min_blocks || n > cfg.max_blocks)
    throw std::invalid_argument(architecture + ": " + std::to_string(n) + " blocks; the space has " +
                                std::to_string(cfg.min_blocks) + " to " + std::to_string(cfg.max_blocks));
  Point p;
  p["n_blocks"] = n;
  for (int i = 1; i <= n; ++i) {
    const workloads::Block& b = blocks[static_cast<size_t>(i - 1)];
    const std::string type = workloads::block_type_name(b.type);
    p["bt" + std::to_string(i)] = index_in(cfg.block_types, type, "block " + std::to_string(i) + "'s type " + type,
                                           config::joined_names(cfg.block_types));
    p["k" + std::to_string(i)] =
        index_in(cfg.kernels, b.kernels, "block " + std::to_string(i) + "'s K " + std::to_string(b.kernels),
                 listed(cfg.kernels));
  }
  return p;
}

std::vector<Point> Amin2024::covering_points(const config::SpaceConfig& cfg) const {
  // The deepest networks at the largest K: the first p blocks VGG (p pools: every head's
  // feature-map size), the rest of one type (that type's bank at every later position; p = 0
  // covers the earlier ones). Networks whose feature map collapses are skipped by the layout.
  const auto vgg = std::find(cfg.block_types.begin(), cfg.block_types.end(), "VGG");
  const int max_pools = vgg == cfg.block_types.end() ? 0 : cfg.max_blocks;
  std::vector<Point> out;
  for (size_t t = 0; t < cfg.block_types.size(); ++t) {
    for (int pools = 0; pools <= max_pools; ++pools) {
      Point p;
      p["n_blocks"] = cfg.max_blocks;
      for (int i = 1; i <= cfg.max_blocks; ++i) {
        p["bt" + std::to_string(i)] = i <= pools ? double(vgg - cfg.block_types.begin()) : double(t);
        p["k" + std::to_string(i)] = double(cfg.kernels.size() - 1);
      }
      out.push_back(p);
    }
  }
  return out;
}

std::string Amin2024::bank_of(const config::SpaceConfig& cfg, const Point& point, const workloads::Layer& layer) const {
  // Block layers are "b<i>_<name>" (workloads/blocks.cpp). VGG and MVGG differ only in the
  // pool, so they share their convs; RES and DWS have banks of their own (BN, a shortcut).
  const std::string& name = layer.name();
  const size_t underscore = name.find('_');
  if (name.size() < 2 || name[0] != 'b' || underscore == std::string::npos) return name;  // the head
  const std::string position = name.substr(1, underscore - 1);
  const std::vector<workloads::Block> blocks = blocks_of(cfg, point);
  const workloads::BlockType type = blocks.at(static_cast<size_t>(std::stoi(position) - 1)).type;
  const std::string family = type == workloads::BlockType::MVGG ? "VGG" : workloads::block_type_name(type);
  return "b" + position + "_" + family + name.substr(underscore);
}

}  // namespace

std::shared_ptr<const SpacePreset> make_amin2024() { return std::make_shared<Amin2024>(); }

}  // namespace spaces
}  // namespace imc::nas
