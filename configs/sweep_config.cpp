// SPDX-License-Identifier: MIT
#include "configs/sweep_config.h"

#include <cmath>
#include <random>

#include "configs/builtin_configs.h"
#include "configs/config_error.h"
#include "configs/detail/sobol.h"
#include "configs/detail/table_reader.h"

namespace imc::config {
namespace {

using detail::TableReader;

/// The values of one axis on a grid, as override texts.
std::vector<std::string> grid_values(const HardwareDimension& d) {
  if (!d.values.empty()) return d.values;
  std::vector<std::string> out;
  if (d.step > 0) {
    for (double v = d.low; v <= d.high + 1e-9; v += d.step) out.push_back(dimension_value_text(d, v));
    return out;
  }
  for (int i = 0; i < d.count; ++i) {
    const double f = d.count == 1 ? 0 : double(i) / (d.count - 1);
    const double v = d.log ? d.low * std::pow(d.high / d.low, f) : d.low + f * (d.high - d.low);
    out.push_back(dimension_value_text(d, v));
  }
  return out;
}

SweepConfig read_sweep(const toml::table& doc, std::shared_ptr<detail::ReadContext> ctx) {
  const TableReader root(doc, "", ctx);
  SweepConfig c;
  c.source = ctx->file;
  const TableReader sweep = root.table("sweep");
  c.name = detail::read_run_name(sweep, ctx->file);
  c.networks = sweep.string_list("networks");
  if (c.networks.empty()) sweep.fail("networks", "is empty, expected at least one network");
  for (std::string& n : c.networks)
    if (n.size() > 5 && n.compare(n.size() - 5, 5, ".toml") == 0) n = detail::resolve_beside(n, ctx->file);
  c.level = sweep.choice_or("level", "analytic", {"analytic", "simulate"});
  c.max_points = sweep.integer_or("max_points", 100000, 1, int64_t{1} << 40);
  sweep.finish();
  const TableReader hw = root.table("hardware");
  c.hw_config = detail::resolve_beside(hw.string("config"), ctx->file);
  if (hw.has("set")) c.hw_sets = hw.string_list("set");
  hw.finish();
  if (!root.has("axes")) root.fail("", "expected at least one [[axes]] table (key, values or range)");
  c.axes = detail::read_hardware_dimensions(root, "axes", true);
  if (c.axes.empty()) root.fail("axes", "expected at least one [[axes]] table");
  if (auto t = root.table_opt("design")) {
    c.design = t->choice_or("kind", "grid", {"grid", "random", "sobol"});
    if (c.design != "grid") c.random_points = t->integer("points", 1, int64_t{1} << 30);
    c.seed = static_cast<uint64_t>(t->integer_or("seed", 0, 0, int64_t{1} << 62));
    if (c.design == "sobol") {
      c.scramble = t->boolean_or("scramble", false);
      if (c.axes.size() > size_t(detail::kMaxSobolDimensions))
        t->fail("kind", "sobol supports at most " + std::to_string(detail::kMaxSobolDimensions) +
                            " axes, the sweep has " + std::to_string(c.axes.size()));
    }
    t->finish();
  }
  root.finish();
  return c;
}

}  // namespace

SweepConfig parse_sweep_config(const std::string& text, const std::string& source,
                               const std::vector<Override>& overrides) {
  const detail::Document d = detail::document_from_text(text, source, overrides);
  SweepConfig c = read_sweep(d.root, d.ctx);
  c.text = text;
  return c;
}

SweepConfig load_sweep_config(const std::string& path, const std::vector<Override>& overrides) {
  const ConfigText t = read_builtin_or_file(path, sweep_presets(), "configs/sweeps", "sweep config");
  return parse_sweep_config(t.text, t.source, overrides);
}

namespace {

/// How many values an axis has on a grid, without listing them.
double grid_count(const HardwareDimension& d) {
  if (!d.values.empty()) return double(d.values.size());
  if (d.step > 0) return std::floor((d.high - d.low + 1e-9) / d.step) + 1;  // as grid_values steps
  return d.count;
}

}  // namespace

SweepDesign::SweepDesign(const SweepConfig& cfg) : m_axes(cfg.axes), m_grid(cfg.design == "grid") {
  if (!m_grid) {
    if (static_cast<double>(cfg.random_points) * cfg.networks.size() > static_cast<double>(cfg.max_points))
      throw ConfigError(cfg.source + ": " + std::to_string(cfg.random_points) + " " + cfg.design + " points x " +
                        std::to_string(cfg.networks.size()) +
                        " networks, more than sweep.max_points = " + std::to_string(cfg.max_points));
    // One number in [0, 1) per axis and point: independent draws, or a Sobol' sequence.
    if (cfg.design == "sobol") {
      m_unit = detail::sobol_points(static_cast<int>(cfg.axes.size()), cfg.random_points, cfg.seed, cfg.scramble);
    } else {
      std::mt19937_64 rng(cfg.seed);
      std::uniform_real_distribution<double> u(0.0, 1.0);
      for (int64_t p = 0; p < cfg.random_points; ++p) {
        std::vector<double> point;
        for (size_t a = 0; a < cfg.axes.size(); ++a) point.push_back(u(rng));
        m_unit.push_back(std::move(point));
      }
    }
    m_size = static_cast<int64_t>(m_unit.size());
    return;
  }
  double total = 1;
  for (const HardwareDimension& d : cfg.axes) total *= grid_count(d);
  if (total * cfg.networks.size() > static_cast<double>(cfg.max_points))
    throw ConfigError(cfg.source + ": the grid has " + std::to_string(static_cast<int64_t>(total)) + " points x " +
                      std::to_string(cfg.networks.size()) + " networks, more than sweep.max_points = " +
                      std::to_string(cfg.max_points) + "; raise it, or use [design] kind = \"random\"");
  for (const HardwareDimension& d : cfg.axes) m_values.push_back(grid_values(d));
  m_size = static_cast<int64_t>(total);
}

std::vector<Override> SweepDesign::point(int64_t i) const {
  std::vector<Override> point;
  if (m_grid) {  // mixed radix, the last axis fastest
    std::vector<size_t> index(m_values.size(), 0);
    for (size_t a = m_values.size(); a-- > 0;) {
      index[a] = static_cast<size_t>(i % static_cast<int64_t>(m_values[a].size()));
      i /= static_cast<int64_t>(m_values[a].size());
    }
    for (size_t a = 0; a < m_values.size(); ++a)
      point.push_back({m_axes[a].key, m_values[a][index[a]], "axis " + m_axes[a].key});
    return point;
  }
  const std::vector<double>& fs = m_unit.at(static_cast<size_t>(i));
  for (size_t a = 0; a < m_axes.size(); ++a) {
    const HardwareDimension& d = m_axes[a];
    const double f = fs[a];
    double v = 0;
    if (!d.values.empty())
      v = std::min(std::floor(f * d.values.size()), double(d.values.size() - 1));
    else if (d.step > 0)
      v = d.low + d.step * std::floor(f * (std::floor((d.high - d.low) / d.step) + 1));
    else
      v = d.log ? d.low * std::pow(d.high / d.low, f) : d.low + f * (d.high - d.low);
    point.push_back({d.key, dimension_value_text(d, v), "axis " + d.key});
  }
  return point;
}

std::vector<std::vector<Override>> sweep_points(const SweepConfig& cfg) {
  const SweepDesign design(cfg);
  std::vector<std::vector<Override>> out;
  for (int64_t i = 0; i < design.size(); ++i) out.push_back(design.point(i));
  return out;
}

}  // namespace imc::config
