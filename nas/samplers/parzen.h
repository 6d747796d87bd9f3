// SPDX-License-Identifier: MIT
// hyperopt's adaptive Parzen estimator (tpe.py: adaptive_parzen_normal, GMM1,
// GMM1_lpdf) for one numeric parameter, in plain C++.
#pragma once

#include <random>
#include <vector>

namespace imc::nas {

/// The normal distribution's CDF at x.
double normal_cdf(double x, double mu, double sigma);
/// log(sum(exp(v))) without overflow; -inf for an empty or all -inf v.
double log_sum_exp(const std::vector<double>& v);

/// Linear forgetting: the newest `lf` observations weigh 1, older ones ramp from 1/n up.
std::vector<double> linear_forgetting_weights(size_t n, int lf);

/// A Gaussian mixture truncated (as a whole) to [low, high), optionally quantized to q.
struct ParzenMixture {
  std::vector<double> weights, mus, sigmas;
  double low = 0, high = 1;
  double q = 0;           ///< 0: continuous
  double log_accept = 0;  ///< log of the mixture's mass inside [low, high), set by fit()

  /// Observations in trial order (oldest first); the prior is N((low+high)/2, high-low).
  static ParzenMixture fit(const std::vector<double>& observations, double low, double high, double q,
                           double prior_weight, int linear_forgetting);
  /// A draw by rejection of values outside [low, high), then rounded to q.
  double sample(std::mt19937_64& rng) const;
  /// log density (continuous) or log mass of the q-interval around x (quantized).
  double log_pdf(double x) const;
};

/// Categorical estimator: p ∝ weighted counts + prior_weight per category.
std::vector<double> categorical_probabilities(const std::vector<int>& observations, size_t categories,
                                              double prior_weight, int linear_forgetting);

}  // namespace imc::nas
