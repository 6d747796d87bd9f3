// SPDX-License-Identifier: MIT
#include "nas/search/trial_evaluator.h"

#include "configs/config_error.h"
#include "mapping/mapping.h"
#include "nas/search/hardware_model.h"
#include "nas/search/scoring.h"
#include "nas/space/presets.h"
#include "nas/stopwatch.h"
#include "systemc_models/chip/chip.h"

namespace imc::nas {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

}  // namespace

std::string trial_cache_key(const std::string& architecture, const std::vector<config::Override>& hardware) {
  std::string key = architecture;
  for (const config::Override& o : hardware) key += "|" + o.key_path + "=" + o.value_text;
  return key;
}

TrialEvaluator::TrialEvaluator(config::SearchConfig cfg, HardwareModel& hardware, TrainFn train, workloads::Shape input,
                               int classes)
    : m_cfg(std::move(cfg)),
      m_hw_base(config::read_hw_config_text(m_cfg.hw_config), m_cfg.hw_config, config::parse_overrides(m_cfg.hw_sets)),
      m_hardware(hardware),
      m_train(std::move(train)),
      m_input(input),
      m_classes(classes) {}

config::HwConfig TrialEvaluator::hardware_of(const TrialPoint& point) const {
  return m_hw_base.at(point.hardware_overrides);
}

std::string TrialEvaluator::architecture_of(const TrialPoint& point) const {
  return architecture(m_cfg.space, point.params);
}

TrialEvaluation TrialEvaluator::evaluate(const TrialPoint& point, const std::atomic<bool>& stop,
                                         const StageFn& stage) const {
  auto enter = [&](const std::string& name, const std::string& arch) {
    if (stage) stage(name, arch);
  };
  TrialEvaluation e;
  enter("build", "");
  std::optional<Built> built = build(point, e);
  if (!built) return e;
  enter("map", e.architecture);
  if (!run_on_chip(*built, e)) return e;
  enter("train", e.architecture);
  train_and_score(*built, point, stop, e);
  return e;
}

std::optional<TrialEvaluator::Built> TrialEvaluator::build(const TrialPoint& point, TrialEvaluation& e) const {
  // Build and validate: a feature map that collapses below 1x1 is infeasible, not an error.
  const auto t = Clock::now();
  const Candidate candidate = decode(m_cfg.space, point.params, m_input, m_classes);
  e.architecture = candidate.architecture;
  std::optional<workloads::Network> net;
  try {
    net.emplace(workloads::Network::build(candidate.spec));
  } catch (const workloads::NetworkError& err) {
    e.state = TrialState::Infeasible;
    e.error = std::string("invalid network: ") + err.what();
  }
  // The hardware point: a combination the config layer refuses is an infeasible point.
  std::optional<config::HwConfig> hw;
  if (net) {
    try {
      hw.emplace(hardware_of(point));
    } catch (const config::ConfigError& err) {
      e.state = TrialState::Infeasible;
      e.error = std::string("invalid hardware point: ") + err.what();
    }
    if (auto problem = hw ? m_hardware.cannot_run(*hw) : std::nullopt) {
      e.state = TrialState::Infeasible;  // the mesh is fixed per study (docs/search.md)
      e.error = "hardware point outside the elaborated chip: " + *problem;
      hw.reset();
    }
  }
  e.stage_seconds["build"] = seconds_since(t);
  if (!net || !hw) return std::nullopt;
  return Built{std::move(*net), std::move(*hw)};
}

bool TrialEvaluator::run_on_chip(const Built& b, TrialEvaluation& e) const {
  // Map and simulate on the chip elaborated once, with this point's hardware.
  HardwareTimes times;
  try {
    e.metrics = m_hardware.evaluate(b.net, b.hw, times);
  } catch (const mapping::MappingError& err) {
    e.state = TrialState::Infeasible;
    e.error = std::string("does not fit the chip: ") + err.what();
  } catch (const sim::SimulationError& err) {
    e.state = TrialState::Failed;
    e.error = std::string("simulation failed: ") + err.what();
  }
  e.stage_seconds["map"] = times.map_s;
  e.stage_seconds["simulate"] = times.simulate_s;
  if (!e.error.empty()) return false;

  // Hardware constraints are checked before training: a violation costs no training time.
  if (auto v = violations(e.metrics, constraints(m_cfg, true)); !v.empty()) {
    e.state = TrialState::Infeasible;
    e.error = "violates " + join(v) + " (not trained)";
    e.rejected_before_training = true;
    return false;
  }
  return true;
}

void TrialEvaluator::train_and_score(const Built& b, const TrialPoint& point, const std::atomic<bool>& stop,
                                     TrialEvaluation& e) const {
  const auto t = Clock::now();
  const TrainOutcome trained = m_train(b.net, b.hw, point);
  e.stage_seconds["train"] = seconds_since(t);
  if (trained.status == TrainOutcome::Status::Interrupted || stop) {
    e.state = TrialState::Abandoned;
    e.error = "interrupted";
    return;
  }
  if (trained.status == TrainOutcome::Status::Failed) {
    e.state = TrialState::Failed;
    e.error = "training failed: " + trained.reason;
    return;
  }
  for (const auto& [k, v] : trained.metrics) e.metrics[k] = v;
  e.intermediate = trained.intermediate;
  if (trained.status == TrainOutcome::Status::Pruned) {  // scored like a finished trial, on what it reached
    e.state = TrialState::Pruned;
    e.error = trained.reason;
  }
  try {
    select_accuracy(m_cfg.objective, e.metrics);
    if (auto v = violations(e.metrics, constraints(m_cfg, false)); !v.empty()) {
      e.state = TrialState::Infeasible;
      e.error = "violates " + join(v);
      return;
    }
    e.fitness = score(m_cfg.objective, e.metrics).fitness;
  } catch (const std::invalid_argument& err) {
    e.state = TrialState::Failed;
    e.error = err.what();
  }
}

}  // namespace imc::nas
