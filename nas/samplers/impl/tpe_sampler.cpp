// SPDX-License-Identifier: MIT
// TPE as hyperopt implements it (../shared/reference/tpe.md, section 2.1).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

#include "configs/policy_names.h"
#include "nas/samplers/nsga2_sampler.h"
#include "nas/samplers/parzen.h"
#include "nas/samplers/sampler.h"

namespace imc::nas {
namespace {

class TpeSampler : public Sampler {
 public:
  TpeSampler(uint64_t seed, TpeOptions o) : m_seed(seed), m_opt(std::move(o)) {}

  using Sampler::ask;
  Point ask(const SearchSpace& space, const std::vector<Observation>& history, size_t stream) override {
    m_rng = ask_rng(m_seed, stream);
    if (static_cast<int>(history.size()) < m_opt.startup_trials) return RandomSampler::draw_point(space, m_rng);
    const std::vector<bool> good = tpe_good_trials(history, m_opt.gamma);

    update_columns(space, history);
    // Parents first: a child is only drawn when the values chosen so far make it active.
    Point point;
    for (size_t k = 0; k < space.params().size(); ++k) {
      const ParamSpec& p = space.params()[k];
      if (!space.active(p, point)) continue;
      std::vector<double> below, above;  // in trial order, only where the parameter was active
      for (const auto& [trial, value] : m_columns[k]) (good[trial] ? below : above).push_back(value);
      point[p.name] = p.kind == ParamKind::Categorical ? best_category(p, below, above) : best_number(p, below, above);
    }
    return point;
  }

 private:
  double best_category(const ParamSpec& p, const std::vector<double>& below, const std::vector<double>& above) {
    auto ints = [](const std::vector<double>& v) {
      std::vector<int> out;
      for (double x : v) out.push_back(static_cast<int>(x));
      return out;
    };
    const std::vector<double> l =
        categorical_probabilities(ints(below), p.choices.size(), m_opt.prior_weight, m_opt.linear_forgetting);
    const std::vector<double> g =
        categorical_probabilities(ints(above), p.choices.size(), m_opt.prior_weight, m_opt.linear_forgetting);
    std::discrete_distribution<size_t> draw(l.begin(), l.end());
    size_t best = 0;
    double best_score = -INFINITY;
    for (int c = 0; c < m_opt.ei_candidates; ++c) {
      const size_t k = draw(m_rng);
      const double score = std::log(l[k]) - std::log(g[k]);
      if (score > best_score) {
        best_score = score;
        best = k;
      }
    }
    return double(best);
  }

  double best_number(const ParamSpec& p, const std::vector<double>& below, const std::vector<double>& above) {
    // Log-floats live in log space; ints are quantized uniforms widened by half a step on
    // each side, so every integer is equally likely under the prior.
    const bool log_space = p.kind == ParamKind::LogFloat;
    const bool quantized = p.kind == ParamKind::Int;
    auto to = [&](double v) { return log_space ? std::log(v) : quantized ? (v - p.low) : v; };
    double low = log_space ? std::log(p.low) : quantized ? -p.step / 2 : p.low;
    double high = log_space ? std::log(p.high) : quantized ? (p.high - p.low) + p.step / 2 : p.high;
    std::vector<double> b, a;
    for (double v : below) b.push_back(to(v));
    for (double v : above) a.push_back(to(v));
    const double q = quantized ? p.step : 0;
    const ParzenMixture l = ParzenMixture::fit(b, low, high, q, m_opt.prior_weight, m_opt.linear_forgetting);
    const ParzenMixture g = ParzenMixture::fit(a, low, high, q, m_opt.prior_weight, m_opt.linear_forgetting);
    double best = l.sample(m_rng), best_score = -INFINITY;
    std::map<double, double> scored;  // quantized candidates repeat: score each grid value once
    for (int c = 0; c < m_opt.ei_candidates; ++c) {
      const double x = l.sample(m_rng);
      auto hit = quantized ? scored.find(x) : scored.end();
      const double score = hit != scored.end() ? hit->second : l.log_pdf(x) - g.log_pdf(x);
      if (quantized) scored[x] = score;
      if (score > best_score) {
        best_score = score;
        best = x;
      }
    }
    if (log_space) return std::clamp(std::exp(best), p.low, p.high);
    if (quantized) return std::clamp(p.low + best, p.low, p.high);
    return best;
  }

  /// Per parameter, (trial, value) of every trial where it was active. History only grows,
  /// so each ask reads just the new trials instead of every trial's map again.
  void update_columns(const SearchSpace& space, const std::vector<Observation>& history) {
    if (history.size() < m_seen || m_columns.size() != space.params().size()) {
      m_columns.assign(space.params().size(), {});
      m_seen = 0;
    }
    for (size_t t = m_seen; t < history.size(); ++t)
      for (size_t k = 0; k < space.params().size(); ++k) {
        auto it = history[t].point.find(space.params()[k].name);
        if (it != history[t].point.end()) m_columns[k].emplace_back(t, it->second);
      }
    m_seen = history.size();
  }

  uint64_t m_seed;
  std::mt19937_64 m_rng;
  TpeOptions m_opt;
  std::vector<std::vector<std::pair<size_t, double>>> m_columns;
  size_t m_seen = 0;
};

}  // namespace

const config::Registry<TpeGamma>& tpe_gamma_registry() {
  static const config::Registry<TpeGamma> registry = [] {
    config::Registry<TpeGamma> r("TPE gamma");
    r.add("hyperopt",
          [](size_t n) { return std::min<size_t>(static_cast<size_t>(std::ceil(0.25 * std::sqrt(double(n)))), 25); });
    r.add("optuna", [](size_t n) { return std::min<size_t>(static_cast<size_t>(std::ceil(0.1 * double(n))), 25); });
    r.require_names(config::tpe_gamma_names());
    return r;
  }();
  return registry;
}

namespace {

/// Optuna's order of observations (_get_observation_pairs): complete trials by loss, then
/// pruned ones (the later epoch, then the higher last value, first), then failed and infeasible.
bool ranks_before(const Observation& a, const Observation& b) {
  auto group = [](const Observation& o) { return o.pruned ? 1 : std::isfinite(o.loss) ? 0 : 2; };
  if (group(a) != group(b)) return group(a) < group(b);
  if (!a.pruned) return a.loss < b.loss;
  if (a.last_epoch != b.last_epoch) return a.last_epoch > b.last_epoch;
  return a.last_value > b.last_value;
}

}  // namespace

std::vector<bool> tpe_good_trials(const std::vector<Observation>& history, const std::string& gamma) {
  const size_t n = history.size();
  const size_t n_below = tpe_gamma_registry().at(gamma)(n);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ranks_before(history[a], history[b]); });
  std::vector<bool> good(n, false);
  for (size_t i = 0; i < n_below && i < n; ++i) good[order[i]] = true;
  return good;
}

std::unique_ptr<Sampler> make_tpe_sampler(uint64_t seed, const TpeOptions& options) {
  return std::make_unique<TpeSampler>(seed, options);
}

namespace samplers {
std::unique_ptr<Sampler> make_tpe(const config::SamplerConfig& cfg, uint64_t seed) {
  TpeOptions o;
  o.startup_trials = cfg.startup_trials;
  o.ei_candidates = cfg.ei_candidates;
  o.gamma = cfg.gamma;
  return cfg.multivariate ? make_multivariate_tpe_sampler(seed, o) : make_tpe_sampler(seed, o);
}
}  // namespace samplers

}  // namespace imc::nas
