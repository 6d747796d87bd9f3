// SPDX-License-Identifier: MIT
#include "nas/samplers/nsga2_sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace imc::nas {
namespace {

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty()) return false;
  if (b.empty()) return true;
  bool strictly = false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    strictly = strictly || a[i] < b[i];
  }
  return strictly;
}

class Nsga2Sampler : public Sampler {
 public:
  Nsga2Sampler(uint64_t seed, Nsga2Options o) : m_seed(seed), m_opt(o) {}

  using Sampler::ask;
  Point ask(const SearchSpace& space, const std::vector<Observation>& history, size_t stream) override {
    std::mt19937_64 rng = ask_rng(m_seed, stream);
    const size_t pop = static_cast<size_t>(m_opt.population);
    const size_t generation = history.size() / pop;
    if (generation == 0) return RandomSampler::draw_point(space, rng);
    const std::vector<size_t> parents = survivors(history, generation, pop);
    std::vector<std::vector<double>> losses;  // of the parents, ranked once for both tournaments
    for (size_t i : parents) losses.push_back(history[i].losses);
    const std::vector<int> rank = pareto_ranks(losses);
    const Observation& a = history[parents[tournament(losses, rank, rng)]];
    const Observation& b = history[parents[tournament(losses, rank, rng)]];
    std::uniform_real_distribution<double> u(0, 1);
    const bool cross = u(rng) < m_opt.crossover_probability;
    Point point;
    const double mutate = m_opt.mutation_probability > 0 ? m_opt.mutation_probability
                                                         : 1.0 / double(std::max<size_t>(1, space.params().size()));
    for (const ParamSpec& p : space.params()) {
      if (!space.active(p, point)) continue;
      const Observation& first = cross && u(rng) < 0.5 ? b : a;
      const Observation& second = &first == &a ? b : a;
      auto from_first = first.point.find(p.name), from_second = second.point.find(p.name);
      const bool redraw = u(rng) < mutate;
      if (!redraw && from_first != first.point.end())
        point[p.name] = from_first->second;
      else if (!redraw && from_second != second.point.end())
        point[p.name] = from_second->second;  // the first parent had no such parameter
      else
        point[p.name] = RandomSampler::draw(p, rng);
    }
    return point;
  }

 private:
  /// The parent population of `generation`: survivors of generation 0, then of each
  /// (survivors + next generation) in turn, by rank and crowding distance.
  static std::vector<size_t> survivors(const std::vector<Observation>& h, size_t generation, size_t pop) {
    std::vector<size_t> parents;
    for (size_t g = 0; g < generation; ++g) {
      std::vector<size_t> pool = parents;
      for (size_t i = g * pop; i < (g + 1) * pop; ++i) pool.push_back(i);
      parents = select(h, pool, pop);
    }
    return parents;
  }

  static std::vector<size_t> select(const std::vector<Observation>& h, const std::vector<size_t>& pool, size_t pop) {
    std::vector<std::vector<double>> losses;
    for (size_t i : pool) losses.push_back(h[i].losses);
    const std::vector<int> rank = pareto_ranks(losses);
    std::vector<size_t> chosen;
    for (int r = 0; chosen.size() < pop; ++r) {
      std::vector<size_t> front;
      for (size_t k = 0; k < pool.size(); ++k)
        if (rank[k] == r) front.push_back(k);
      if (front.empty()) break;
      if (chosen.size() + front.size() > pop) {  // the last front that fits partly: most spread-out first
        std::vector<std::vector<double>> fl;
        for (size_t k : front) fl.push_back(losses[k]);
        const std::vector<double> d = crowding_distances(fl);
        std::vector<size_t> order(front.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return d[x] > d[y]; });
        for (size_t k = 0; chosen.size() < pop; ++k) chosen.push_back(pool[front[order[k]]]);
      } else {
        for (size_t k : front) chosen.push_back(pool[k]);
      }
    }
    return chosen;
  }

  /// Binary tournament among the parents: the better rank wins, then the larger crowding
  /// distance within that front. Returns an index into `losses`.
  static size_t tournament(const std::vector<std::vector<double>>& losses, const std::vector<int>& rank,
                           std::mt19937_64& rng) {
    std::uniform_int_distribution<size_t> pick(0, losses.size() - 1);
    const size_t x = pick(rng), y = pick(rng);
    if (rank[x] != rank[y]) return rank[x] < rank[y] ? x : y;
    std::vector<std::vector<double>> front;
    std::vector<size_t> idx;
    for (size_t k = 0; k < losses.size(); ++k)
      if (rank[k] == rank[x]) {
        front.push_back(losses[k]);
        idx.push_back(k);
      }
    const std::vector<double> d = crowding_distances(front);
    const size_t px = std::find(idx.begin(), idx.end(), x) - idx.begin();
    const size_t py = std::find(idx.begin(), idx.end(), y) - idx.begin();
    return d[py] > d[px] ? y : x;
  }

  uint64_t m_seed;
  Nsga2Options m_opt;
};

}  // namespace

std::unique_ptr<Sampler> make_nsga2_sampler(uint64_t seed, const Nsga2Options& options) {
  return std::make_unique<Nsga2Sampler>(seed, options);
}

std::vector<int> pareto_ranks(const std::vector<std::vector<double>>& losses) {
  const size_t n = losses.size();
  std::vector<int> rank(n, -1);
  std::vector<int> dominated_by(n, 0);
  std::vector<std::vector<size_t>> dominates_list(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      if (i != j && dominates(losses[i], losses[j])) {
        dominates_list[i].push_back(j);
        ++dominated_by[j];
      }
  std::vector<size_t> current;
  for (size_t i = 0; i < n; ++i)
    if (dominated_by[i] == 0) current.push_back(i);
  for (int r = 0; !current.empty(); ++r) {
    std::vector<size_t> next;
    for (size_t i : current) {
      rank[i] = r;
      for (size_t j : dominates_list[i])
        if (--dominated_by[j] == 0) next.push_back(j);
    }
    current = std::move(next);
  }
  return rank;
}

std::vector<double> crowding_distances(const std::vector<std::vector<double>>& front) {
  const size_t n = front.size();
  std::vector<double> d(n, 0);
  if (n == 0 || front[0].empty()) return std::vector<double>(n, INFINITY);
  for (size_t m = 0; m < front[0].size(); ++m) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return front[a][m] < front[b][m]; });
    const double span = front[order.back()][m] - front[order.front()][m];
    d[order.front()] = d[order.back()] = INFINITY;
    if (span <= 0) continue;
    for (size_t k = 1; k + 1 < n; ++k) d[order[k]] += (front[order[k + 1]][m] - front[order[k - 1]][m]) / span;
  }
  return d;
}

namespace samplers {
std::unique_ptr<Sampler> make_nsga2(const config::SamplerConfig& cfg, uint64_t seed) {
  Nsga2Options o;
  o.population = cfg.population;
  o.mutation_probability = cfg.mutation_probability;
  o.crossover_probability = cfg.crossover_probability;
  return make_nsga2_sampler(seed, o);
}
}  // namespace samplers

}  // namespace imc::nas
