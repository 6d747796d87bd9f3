// SPDX-License-Identifier: MIT
// preset = "amin2024": the main paper's Table I space. n_blocks, then bt<i>/k<i> per block
// (block i exists when n_blocks >= i); a fixed head.
#include <cmath>

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
};

}  // namespace

std::shared_ptr<const SpacePreset> make_amin2024() { return std::make_shared<Amin2024>(); }

}  // namespace spaces
}  // namespace imc::nas
