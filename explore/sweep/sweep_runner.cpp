// SPDX-License-Identifier: MIT
#include "explore/sweep/sweep_runner.h"

#include <cstring>
#include <stdexcept>

#include "configs/config_error.h"
#include "configs/metrics.h"
#include "explore/parallel/process_pool.h"
#include "mapping/cost_model.h"
#include "mapping/mapping.h"
#include "mapping/metrics.h"
#include "systemc_models/chip/chip.h"
#include "systemc_models/chip/process_chip.h"
#include "workloads/library.h"

namespace imc::explore {
namespace {

constexpr const char* kFailed = "evaluation failed: ";
constexpr const char* kCrashedBefore = "evaluation crashed: ";  // what sweeps before 2026-12-02 wrote

using Metrics = std::map<std::string, double>;

/// The sweep's columns (configs/metrics.h) of every hardware metric.
Metrics sweep_metrics(const mapping::InferenceTotals& t, const mapping::Mapping& m, const workloads::Network& net) {
  const Metrics all = mapping::hardware_metrics(t, m, net);
  Metrics out;
  for (const std::string& name : config::sweep_metric_names()) out[name] = all.at(name);
  return out;
}

config::HwConfigBase base_of(const config::SweepConfig& cfg) {
  const std::string hw_text = config::read_hw_config_text(cfg.hw_config);
  config::SpaceConfig axes;
  axes.hardware = cfg.axes;
  config::check_hardware_dimensions(axes, hw_text, cfg.hw_config, cfg.hw_sets);
  return config::HwConfigBase(hw_text, cfg.hw_config, config::parse_overrides(cfg.hw_sets));
}

}  // namespace

SweepEvaluator::SweepEvaluator(const config::SweepConfig& cfg) : m_cfg(cfg), m_hw_base(base_of(cfg)), m_design(cfg) {
  m_hw_base.at({});                            // the base itself must be valid
  for (const std::string& n : cfg.networks) {  // built once; a bad network is a config error
    workloads::NetRequest req;
    req.net = n;
    m_nets.push_back(workloads::load_network(req));
  }
}

SweepEvaluator::~SweepEvaluator() = default;  // the chip is never deleted: SystemC elaborates once

int64_t SweepEvaluator::size() const { return static_cast<int64_t>(m_nets.size()) * m_design.size(); }

SweepResult SweepEvaluator::describe(int64_t index) const {
  SweepResult r;
  r.index = index;
  r.network = m_cfg.networks.at(static_cast<size_t>(index / m_design.size()));
  r.point = m_design.point(index % m_design.size());
  return r;
}

SweepResult SweepEvaluator::evaluate(int64_t index) {
  SweepResult r = describe(index);
  const workloads::Network& net = m_nets[static_cast<size_t>(index / m_design.size())];
  try {
    const config::HwConfig hw = m_hw_base.at(r.point);
    const mapping::Mapping m = mapping::map_network(net, hw);
    if (m_cfg.simulates()) {
      if (!m_chip) m_chip = &sim::process_chip(m_hw_base.at({}), "a simulate-level sweep");
      sim::RunOptions options;
      options.module_stats = false;  // a point reads the totals
      r.metrics = sweep_metrics(sim::totals(m_chip->run(m, options)), m, net);
    } else {
      r.metrics = sweep_metrics(mapping::analytic_totals(mapping::estimate(m), net), m, net);
    }
  } catch (const config::ConfigError& e) {
    r.feasible = false;
    r.reason = std::string("invalid hardware point: ") + e.what();
  } catch (const mapping::MappingError& e) {
    r.feasible = false;
    r.reason = std::string("does not fit: ") + e.what();
  } catch (const sim::SimulationError& e) {
    r.feasible = false;
    r.reason = std::string("simulation failed: ") + e.what();
  }
  if (!r.feasible) r.metrics.clear();
  return r;
}

// Binary, so that a double crosses the pipe bit for bit and cheaply: the feasible flag, the
// reason, then (name, value) pairs, each string with its length before it.
namespace {

template <class T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put_text(std::string& out, const std::string& s) {
  put(out, static_cast<uint32_t>(s.size()));
  out += s;
}
template <class T>
T take(const std::string& in, size_t& at) {
  if (in.size() - at < sizeof(T)) throw std::runtime_error("a truncated sweep result from a worker");
  T v;
  std::memcpy(&v, in.data() + at, sizeof v);
  at += sizeof v;
  return v;
}
std::string take_text(const std::string& in, size_t& at) {
  const uint32_t n = take<uint32_t>(in, at);
  if (in.size() - at < n) throw std::runtime_error("a truncated sweep result from a worker");
  at += n;
  return in.substr(at - n, n);
}

}  // namespace

bool evaluation_failed(const SweepResult& r) {
  return !r.feasible && (r.reason.rfind(kFailed, 0) == 0 || r.reason.rfind(kCrashedBefore, 0) == 0);
}

namespace {

SweepResult failed(const SweepEvaluator& evaluator, int64_t index, const std::string& why) {
  SweepResult r = evaluator.describe(index);
  r.feasible = false;
  r.reason = kFailed + why;
  return r;
}

/// evaluate(), with a software fault turned into a failed result, the same in this process and
/// in a worker.
SweepResult evaluate_or_fail(SweepEvaluator& evaluator, int64_t index) {
  try {
    return evaluator.evaluate(index);
  } catch (const std::exception& e) {
    return failed(evaluator, index, e.what());
  }
}

}  // namespace

std::string encode_sweep_result(const SweepResult& r) {
  std::string out;
  put(out, static_cast<uint8_t>(r.feasible));
  put_text(out, r.reason);
  put(out, static_cast<uint32_t>(r.metrics.size()));
  for (const auto& [name, value] : r.metrics) {
    put_text(out, name);
    put(out, value);
  }
  return out;
}

void decode_sweep_result(const std::string& text, SweepResult& r) {
  size_t at = 0;
  r.feasible = take<uint8_t>(text, at) != 0;
  r.reason = take_text(text, at);
  r.metrics.clear();
  for (uint32_t n = take<uint32_t>(text, at); n > 0; --n) {
    std::string name = take_text(text, at);
    r.metrics[std::move(name)] = take<double>(text, at);
  }
}

size_t run_sweep(SweepEvaluator& evaluator, const SweepRunOptions& options,
                 const std::function<void(const SweepResult&)>& on_result) {
  std::vector<int64_t> todo;
  for (int64_t i = 0; i < evaluator.size(); ++i)
    if (!options.skip.count(i)) todo.push_back(i);
  const std::atomic<bool> never{false};
  const std::atomic<bool>& stop = options.stop ? *options.stop : never;
  if (options.jobs <= 1) {
    for (size_t k = 0; k < todo.size(); ++k) {
      if (stop) return todo.size() - k;
      on_result(evaluate_or_fail(evaluator, todo[k]));
    }
    return 0;
  }
  // Worker processes: each evaluates with its own copy of the evaluator (and its own chip).
  ProcessPoolHandlers h;
  h.work = [&](int64_t i) { return encode_sweep_result(evaluate_or_fail(evaluator, i)); };
  h.done = [&](int64_t i, const std::string& text) {
    SweepResult r = evaluator.describe(i);
    decode_sweep_result(text, r);
    on_result(r);
  };
  h.lost = [&](int64_t i, const std::string& reason) {
    on_result(failed(evaluator, i, "the " + reason + " while evaluating this point"));
  };
  return run_in_processes(options.jobs, todo, h, stop).size();
}

}  // namespace imc::explore
