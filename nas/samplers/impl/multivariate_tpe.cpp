// SPDX-License-Identifier: MIT
// Multivariate TPE with group decomposition, as Optuna 3.1 implements it
// (TPESampler(multivariate=True, group=True); ../shared/reference/tpe.md):
// - the parameters are split into groups that always occur together (a
//   conditional space: the base parameters, then each optional block);
// - per group, one joint Parzen estimator over the trials that have the group:
//   each trial is a product kernel, truncated normals of bandwidth
//   0.2 * n^(-1/(d+4)) * range (Scott's rule, as in BOHB) for numbers and a
//   smoothed one-hot for categories, plus the prior component;
// - 24 candidates drawn jointly from l(x), the largest log l - log g wins.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "nas/samplers/parzen.h"
#include "nas/samplers/sampler.h"

namespace imc::nas {
namespace {

constexpr double kSigma0Magnitude = 0.2;

/// A parameter in the estimator's internal space: log for log-floats, ints widened
/// by half a step so each integer has equal prior mass.
struct Dim {
  const ParamSpec* spec = nullptr;
  bool categorical = false;
  double low = 0, high = 1, q = 0;
  double to_internal(double v) const { return spec->kind == ParamKind::LogFloat ? std::log(v) : v; }
  double to_external(double x) const {
    if (spec->kind == ParamKind::LogFloat) return std::clamp(std::exp(x), spec->low, spec->high);
    if (spec->kind == ParamKind::Int)
      return std::clamp(spec->low + std::round((x - spec->low) / spec->step) * spec->step, spec->low, spec->high);
    return std::clamp(x, spec->low, spec->high);
  }
};

Dim make_dim(const ParamSpec& p) {
  Dim d;
  d.spec = &p;
  d.categorical = p.kind == ParamKind::Categorical;
  if (p.kind == ParamKind::LogFloat) {
    d.low = std::log(p.low);
    d.high = std::log(p.high);
  } else if (p.kind == ParamKind::Int) {
    d.low = p.low - 0.5 * p.step;
    d.high = p.high + 0.5 * p.step;
    d.q = p.step;
  } else if (!d.categorical) {
    d.low = p.low;
    d.high = p.high;
  }
  return d;
}

/// The joint estimator of one group: n observation components and the prior.
class JointParzen {
 public:
  JointParzen(const std::vector<Dim>& dims, const std::vector<std::vector<double>>& obs, const TpeOptions& o)
      : m_dims(dims) {
    const size_t n = obs.size();
    m_weights = linear_forgetting_weights(n, o.linear_forgetting);
    m_weights.push_back(o.prior_weight);
    const double total = std::accumulate(m_weights.begin(), m_weights.end(), 0.0);
    for (double& w : m_weights) w /= total;
    const double sigma0 =
        kSigma0Magnitude * std::pow(double(std::max<size_t>(n, 1)), -1.0 / (double(dims.size()) + 4.0));
    m_mu.assign(n + 1, std::vector<double>(dims.size(), 0));
    m_sigma = m_mu;
    m_probs.assign(n + 1, std::vector<std::vector<double>>(dims.size()));
    m_log_probs = m_probs;
    for (size_t d = 0; d < dims.size(); ++d) {
      const Dim& dim = dims[d];
      if (dim.categorical) {
        const size_t k = dim.spec->choices.size();
        const double smoothing = o.prior_weight / double(n + 1);
        for (size_t c = 0; c <= n; ++c) {
          std::vector<double> row(k, smoothing);
          if (c < n) row[static_cast<size_t>(obs[c][d])] += 1;
          const double s = std::accumulate(row.begin(), row.end(), 0.0);
          for (double& v : row) v /= s;
          std::vector<double> logs;
          for (double v : row) logs.push_back(std::log(v));
          m_probs[c][d] = std::move(row);
          m_log_probs[c][d] = std::move(logs);
        }
        continue;
      }
      const double range = dim.high - dim.low;
      const double sigma = std::clamp(sigma0 * range, range / std::min(100.0, 1.0 + double(n)), range);
      for (size_t c = 0; c < n; ++c) {
        m_mu[c][d] = obs[c][d];
        m_sigma[c][d] = sigma;
      }
      m_mu[n][d] = 0.5 * (dim.low + dim.high);
      m_sigma[n][d] = range;
    }
    // Each kernel's normalizer, once: log of its mass inside the bounds (and of sigma sqrt(2 pi)).
    m_log_norm.assign(n + 1, std::vector<double>(dims.size(), 0));
    for (size_t c = 0; c <= n; ++c)
      for (size_t d = 0; d < dims.size(); ++d) {
        if (dims[d].categorical) continue;
        const double mass =
            normal_cdf(dims[d].high, m_mu[c][d], m_sigma[c][d]) - normal_cdf(dims[d].low, m_mu[c][d], m_sigma[c][d]);
        m_log_norm[c][d] = std::log(mass) + (dims[d].q > 0 ? 0 : std::log(m_sigma[c][d] * std::sqrt(2 * M_PI)));
      }
  }

  std::vector<double> sample(std::mt19937_64& rng) const {
    std::discrete_distribution<size_t> component(m_weights.begin(), m_weights.end());
    const size_t c = component(rng);
    std::vector<double> x(m_dims.size());
    for (size_t d = 0; d < m_dims.size(); ++d) {
      const Dim& dim = m_dims[d];
      if (dim.categorical) {
        std::discrete_distribution<size_t> draw(m_probs[c][d].begin(), m_probs[c][d].end());
        x[d] = double(draw(rng));
        continue;
      }
      std::normal_distribution<double> normal(m_mu[c][d], m_sigma[c][d]);
      double v;
      do v = normal(rng);  // truncated to [low, high]: rejection
      while (v < dim.low || v > dim.high);
      if (dim.q > 0) v = dim.to_external(v);  // ints: the grid value whose half-step interval holds v
      x[d] = v;
    }
    return x;
  }

  double log_pdf(const std::vector<double>& x) const {
    std::vector<double> terms(m_weights.size());
    for (size_t c = 0; c < m_weights.size(); ++c) {
      double lp = std::log(m_weights[c]);
      for (size_t d = 0; d < m_dims.size(); ++d) lp += log_kernel(c, d, x[d]);
      terms[c] = lp;
    }
    return log_sum_exp(terms);
  }

 private:
  double log_kernel(size_t c, size_t d, double v) const {
    const Dim& dim = m_dims[d];
    if (dim.categorical) return m_log_probs[c][d][static_cast<size_t>(v)];
    const double mu = m_mu[c][d], sigma = m_sigma[c][d];
    if (dim.q > 0) {
      const double p = normal_cdf(std::min(v + dim.q / 2, dim.high), mu, sigma) -
                       normal_cdf(std::max(v - dim.q / 2, dim.low), mu, sigma);
      return std::log(std::max(p, 1e-300)) - m_log_norm[c][d];
    }
    const double z = (v - mu) / sigma;
    return -0.5 * z * z - m_log_norm[c][d];
  }

  std::vector<Dim> m_dims;
  std::vector<double> m_weights;
  std::vector<std::vector<double>> m_mu, m_sigma, m_log_norm;
  std::vector<std::vector<std::vector<double>>> m_probs, m_log_probs;
};

class MultivariateTpeSampler : public Sampler {
 public:
  MultivariateTpeSampler(uint64_t seed, TpeOptions o) : m_seed(seed), m_opt(std::move(o)) {}

  using Sampler::ask;
  Point ask(const SearchSpace& space, const std::vector<Observation>& history, size_t stream) override {
    std::mt19937_64 rng = ask_rng(m_seed, stream);
    std::map<std::string, double> chosen;
    if (static_cast<int>(history.size()) >= m_opt.startup_trials) {
      const std::vector<bool> good = tpe_good_trials(history, m_opt.gamma);
      for (const std::vector<size_t>& group : groups(space, history))
        sample_group(space, group, history, good, rng, chosen);
    }
    // The point: parents first, the jointly sampled value where there is one, else a prior draw.
    Point point;
    for (const ParamSpec& p : space.params()) {
      if (!space.active(p, point)) continue;
      auto it = chosen.find(p.name);
      point[p.name] = it != chosen.end() ? it->second : RandomSampler::draw(p, rng);
    }
    return point;
  }

 private:
  /// Optuna's _SearchSpaceGroup: split the parameter sets of the trials into groups whose
  /// members always occur together.
  std::vector<std::vector<size_t>> groups(const SearchSpace& space, const std::vector<Observation>& history) const {
    std::vector<std::set<size_t>> out;
    for (const Observation& o : history) {
      std::set<size_t> keys;
      for (size_t k = 0; k < space.params().size(); ++k)
        if (o.point.count(space.params()[k].name)) keys.insert(k);
      std::vector<std::set<size_t>> next;
      for (const std::set<size_t>& g : out) {
        std::set<size_t> both, only_group;
        for (size_t k : g) (keys.count(k) ? both : only_group).insert(k);
        for (size_t k : g) keys.erase(k);
        next.push_back(both);
        next.push_back(only_group);
      }
      next.push_back(keys);
      out.clear();
      for (std::set<size_t>& g : next)
        if (!g.empty()) out.push_back(std::move(g));
    }
    std::vector<std::vector<size_t>> result;
    for (const std::set<size_t>& g : out) result.emplace_back(g.begin(), g.end());
    return result;
  }

  void sample_group(const SearchSpace& space, const std::vector<size_t>& group, const std::vector<Observation>& history,
                    const std::vector<bool>& good, std::mt19937_64& rng, std::map<std::string, double>& chosen) const {
    std::vector<Dim> dims;
    for (size_t k : group) dims.push_back(make_dim(space.params()[k]));
    // The global split (all trials), then the trials that have this group, in trial order.
    std::vector<std::vector<double>> below, above;
    for (size_t t = 0; t < history.size(); ++t) {
      const Observation& o = history[t];
      if (!o.point.count(dims.front().spec->name)) continue;
      std::vector<double> v;
      for (const Dim& d : dims)
        v.push_back(d.categorical ? o.point.at(d.spec->name) : d.to_internal(o.point.at(d.spec->name)));
      (good[t] ? below : above).push_back(std::move(v));
    }

    const JointParzen l(dims, below, m_opt), g(dims, above, m_opt);
    std::vector<double> best;
    double best_score = -INFINITY;
    for (int c = 0; c < m_opt.ei_candidates; ++c) {
      std::vector<double> x = l.sample(rng);
      const double score = l.log_pdf(x) - g.log_pdf(x);
      if (score > best_score) {
        best_score = score;
        best = std::move(x);
      }
    }
    for (size_t d = 0; d < dims.size(); ++d)
      chosen[dims[d].spec->name] = dims[d].categorical ? best[d] : dims[d].to_external(best[d]);
  }

  uint64_t m_seed;
  TpeOptions m_opt;
};

}  // namespace

std::unique_ptr<Sampler> make_multivariate_tpe_sampler(uint64_t seed, const TpeOptions& options) {
  return std::make_unique<MultivariateTpeSampler>(seed, options);
}

}  // namespace imc::nas
