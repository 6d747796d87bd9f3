// SPDX-License-Identifier: MIT
#include "cli/search_progress.h"

#include <cmath>
#include <sstream>

#include "cli/table.h"
#include "nas/objectives/objective.h"
#include "nas/space/presets.h"

namespace imc::cli {

std::string duration_text(double seconds) {
  if (seconds < 0) return "?";
  const long s = std::lround(seconds);
  std::ostringstream os;
  if (s >= 3600)
    os << s / 3600 << "h" << (s % 3600) / 60 / 10 << (s % 3600) / 60 % 10 << "m";
  else if (s >= 60)
    os << s / 60 << "m" << (s % 60) / 10 << s % 10 << "s";
  else
    os << s << "s";
  return os.str();
}

SearchProgressPrinter::SearchProgressPrinter(std::ostream& out, bool terminal, const config::SearchConfig& cfg)
    : m_out(out), m_terminal(terminal), m_cfg(cfg) {}

void SearchProgressPrinter::operator()(const nas::SearchProgress& p) {
  // A Pareto search has no single best: its progress shows the trials done and the ETA.
  const bool scalar = nas::objective_policy(m_cfg.objective).scalar();
  const std::string best = !scalar          ? ""
                           : p.best_fitness ? "best fitness " + fixed(*p.best_fitness, 4) + ", "
                                            : "best fitness -, ";
  if (p.finished) {  // a trial ended: one permanent line
    const explore::TrialRecord& t = *p.finished;
    if (m_bar_drawn) m_out << "\r\033[K";
    m_out << "trial " << t.number << " (" << p.done << "/" << p.total << ") " << explore::trial_state_name(t.state)
          << (t.worker.empty() ? "" : " on " + t.worker) << ": " << nas::architecture(m_cfg.space, t.params);
    if (!m_cfg.space.hardware.empty())
      m_out << " on " << nas::hardware_text(nas::hardware_overrides(m_cfg.space, t.params));
    if (t.metrics.count("area_mm2") && !m_cfg.space.hardware.empty())
      m_out << ", area " << fixed(t.metrics.at("area_mm2"), 1) << " mm2";
    if (t.metrics.count("accuracy")) m_out << ", accuracy " << fixed(100 * t.metrics.at("accuracy"), 2) << " %";
    if (t.metrics.count("latency_ms")) m_out << ", latency " << fixed(t.metrics.at("latency_ms"), 3) << " ms";
    if (t.metrics.count("energy_mj")) m_out << ", energy " << fixed(t.metrics.at("energy_mj"), 4) << " mJ";
    if (t.fitness) m_out << ", fitness " << fixed(*t.fitness, 4);
    if (!t.error.empty()) m_out << " [" << t.error << "]";
    m_out << "; " << best << "ETA " << duration_text(p.eta_s) << "\n";
    m_bar_drawn = false;
    m_out.flush();
    return;
  }
  if (!m_terminal) return;  // logs get the finished-trial lines only
  constexpr int kWidth = 24;
  const int filled = p.total ? kWidth * p.done / p.total : 0;
  m_out << "\r\033[K[" << std::string(static_cast<size_t>(filled), '#') << std::string(kWidth - filled, '.')
        << "] trial " << p.done + 1 << "/" << p.total << " " << p.stage;
  if (!p.architecture.empty()) m_out << " " << p.architecture;
  m_out << " | " << best << "ETA " << duration_text(p.eta_s);
  m_out.flush();
  m_bar_drawn = true;
}

void SearchProgressPrinter::finish() {
  if (m_bar_drawn) m_out << "\n";
  m_bar_drawn = false;
}

}  // namespace imc::cli
