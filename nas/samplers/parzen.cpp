// SPDX-License-Identifier: MIT
#include "nas/samplers/parzen.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace imc::nas {

double normal_cdf(double x, double mu, double sigma) { return 0.5 * std::erfc(-(x - mu) / (sigma * std::sqrt(2.0))); }

double log_sum_exp(const std::vector<double>& v) {
  if (v.empty()) return -INFINITY;
  const double m = *std::max_element(v.begin(), v.end());
  if (!std::isfinite(m)) return m;
  double s = 0;
  for (double x : v) s += std::exp(x - m);
  return m + std::log(s);
}

std::vector<double> linear_forgetting_weights(size_t n, int lf) {
  if (lf <= 0 || n <= static_cast<size_t>(lf)) return std::vector<double>(n, 1.0);
  const size_t ramp = n - static_cast<size_t>(lf);
  std::vector<double> w;
  for (size_t i = 0; i < ramp; ++i)  // numpy linspace(1/n, 1, ramp)
    w.push_back(ramp == 1 ? 1.0 / double(n) : 1.0 / double(n) + (1.0 - 1.0 / double(n)) * double(i) / double(ramp - 1));
  w.insert(w.end(), static_cast<size_t>(lf), 1.0);
  return w;
}

ParzenMixture ParzenMixture::fit(const std::vector<double>& obs, double low, double high, double q, double prior_weight,
                                 int linear_forgetting) {
  ParzenMixture m;
  m.low = low;
  m.high = high;
  m.q = q;
  const double prior_mu = 0.5 * (low + high), prior_sigma = high - low;
  const size_t n = obs.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return obs[a] < obs[b]; });
  size_t prior_pos = 0;
  while (prior_pos < n && obs[order[prior_pos]] < prior_mu) ++prior_pos;  // numpy searchsorted (left)

  std::vector<double> mus, sigmas;
  if (n == 0) {
    mus = {prior_mu};
    sigmas = {prior_sigma};
  } else if (n == 1) {
    if (prior_mu < obs[0]) {
      prior_pos = 0;
      mus = {prior_mu, obs[0]};
      sigmas = {prior_sigma, prior_sigma * 0.5};
    } else {
      prior_pos = 1;
      mus = {obs[0], prior_mu};
      sigmas = {prior_sigma * 0.5, prior_sigma};
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      if (i == prior_pos) mus.push_back(prior_mu);
      mus.push_back(obs[order[i]]);
    }
    if (prior_pos == n) mus.push_back(prior_mu);
    sigmas.assign(mus.size(), 0.0);
    for (size_t i = 1; i + 1 < mus.size(); ++i) sigmas[i] = std::max(mus[i] - mus[i - 1], mus[i + 1] - mus[i]);
    sigmas.front() = mus[1] - mus[0];
    sigmas.back() = mus[mus.size() - 1] - mus[mus.size() - 2];
  }
  // Weights: linear forgetting over the observations in trial order, the prior its own weight.
  std::vector<double> weights(mus.size(), 1.0);
  if (linear_forgetting > 0 && static_cast<size_t>(linear_forgetting) < n) {
    const std::vector<double> lf = linear_forgetting_weights(n, linear_forgetting);
    for (size_t i = 0; i < n; ++i) weights[i < prior_pos ? i : i + 1] = lf[order[i]];
  }
  weights[prior_pos] = prior_weight;
  const double min_sigma = prior_sigma / std::min(100.0, 1.0 + double(mus.size()));
  for (double& s : sigmas) s = std::clamp(s, min_sigma, prior_sigma);
  sigmas[prior_pos] = prior_sigma;
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  for (double& w : weights) w /= total;
  m.weights = weights;
  m.mus = mus;
  m.sigmas = sigmas;
  double p_accept = 0;  // the whole mixture is truncated, not each component (hyperopt's GMM1)
  for (size_t i = 0; i < mus.size(); ++i)
    p_accept += weights[i] * (normal_cdf(high, mus[i], sigmas[i]) - normal_cdf(low, mus[i], sigmas[i]));
  m.log_accept = std::log(p_accept);
  return m;
}

double ParzenMixture::sample(std::mt19937_64& rng) const {
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  for (int attempt = 0; attempt < 100000; ++attempt) {
    const size_t k = pick(rng);
    const double x = std::normal_distribution<double>(mus[k], sigmas[k])(rng);
    if (x < low || x >= high) continue;
    return q > 0 ? std::round(x / q) * q : x;
  }
  return std::clamp(0.5 * (low + high), low, high);  // unreachable for a sane mixture
}

double ParzenMixture::log_pdf(double x) const {
  if (q > 0) {
    double mass = 0;
    const double ub = std::min(x + q / 2, high), lb = std::max(x - q / 2, low);
    for (size_t i = 0; i < mus.size(); ++i)
      mass += weights[i] * (normal_cdf(ub, mus[i], sigmas[i]) - normal_cdf(lb, mus[i], sigmas[i]));
    return std::log(std::max(mass, 1e-300)) - log_accept;
  }
  std::vector<double> terms;
  for (size_t i = 0; i < mus.size(); ++i) {
    const double z = (x - mus[i]) / sigmas[i];
    terms.push_back(std::log(weights[i]) - 0.5 * z * z - std::log(sigmas[i] * std::sqrt(2 * M_PI)));
  }
  return log_sum_exp(terms) - log_accept;
}

std::vector<double> categorical_probabilities(const std::vector<int>& obs, size_t categories, double prior_weight,
                                              int linear_forgetting) {
  const std::vector<double> w = linear_forgetting_weights(obs.size(), linear_forgetting);
  std::vector<double> p(categories, prior_weight);
  for (size_t i = 0; i < obs.size(); ++i) p[static_cast<size_t>(obs[i])] += w[i];
  const double total = std::accumulate(p.begin(), p.end(), 0.0);
  for (double& x : p) x /= total;
  return p;
}

}  // namespace imc::nas
