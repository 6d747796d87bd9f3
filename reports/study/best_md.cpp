// SPDX-License-Identifier: MIT
// best.md: the best trial (or the Pareto front) in Table II's layout, and the study in numbers.
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "nas/objectives/objective.h"
#include "nas/objectives/objectives.h"
#include "nas/space/presets.h"
#include "nas/space/space_preset.h"
#include "reports/study/study_parts.h"
#include "traces/csv_writer.h"
#include "traces/number_format.h"
#include "traces/output_file.h"

namespace imc::reports::study {

namespace {

/// A Markdown table cell: one line, its pipes escaped (a dataset named "a|b\nc" split the table).
std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : traces::one_line(text)) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

/// A number as best.md prints it: infinite and NaN values spelled out, not left blank.
std::string number_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return csv_number(v);
}

std::string table_row(const config::SearchConfig& cfg, const TrialRecord& t, const std::string& dataset,
                      size_t arch_columns) {
  std::vector<std::string> cells = table_cells(cfg, t, dataset, arch_columns);
  cells[cells.size() - 3] += " %";
  std::string row = "|";
  for (const std::string& c : cells) row += " " + markdown_cell(c) + " |";
  return row;
}

}  // namespace

void write_best_md(const fs::path& path, const config::SearchConfig& cfg, const RunInfo& info,
                   const std::vector<TrialRecord>& trials, const std::vector<size_t>& rows, const std::string& dataset,
                   const std::vector<RetrainedRow>& retrained) {
  std::ostringstream out;
  out << "# Search `" << cfg.name << "`: best model\n\n";
  if (rows.empty()) {
    out << "No trial has completed yet.\n";
  } else {
    const size_t columns = arch_columns(cfg, trials, rows);
    out << (objective_policy(cfg.objective).scalar() ? "The best trial" : "The Pareto front")
        << ", in the layout of Table II of Amin et al. (accuracy on the validation split, " << cfg.objective.accuracy
        << "; latency and energy of one inference on the simulated chip).\n\n";
    out << "| FF | Dataset |";
    for (const std::string& header : space_preset(cfg.space).headers(columns, true)) out << " " << header << " |";
    out << " Accuracy | Latency (ms) | Energy (mJ) |\n|---|---|";
    for (size_t c = 0; c < columns; ++c) out << "---|";
    out << "---|---|---|\n";
    for (size_t i : rows) out << table_row(cfg, trials[i], dataset, columns) << "\n";
    out << "\n";
    for (size_t i : rows) {
      const TrialRecord& t = trials[i];
      out << "Trial " << t.number << ": " << architecture(cfg.space, t.params);
      if (!cfg.space.hardware.empty()) out << " on " << hardware_text(hardware_overrides(cfg.space, t.params));
      if (t.fitness) out << ", fitness " << number_text(*t.fitness);
      out << "; area " << fixed(metric_or_nan(t, "area_mm2"), 3) << " mm2, "
          << csv_number(metric_or_nan(t, "crossbars")) << " crossbars, " << csv_number(metric_or_nan(t, "params"))
          << " parameters";
      if (t.metrics.count("accuracy_variation"))
        out << "; accuracy under variation " << fixed(100 * metric_or_nan(t, "accuracy_variation"), 2) << " %";
      out << ".\n";
      const std::string model = "models/trial-" + std::to_string(t.number);
      if (fs::exists(path.parent_path() / model / "net.onnx"))
        out << "Its trained model: `" << model << "/` (`net.toml`, `weights.pt`, `net.onnx`; docs/onnx.md).\n";
    }
  }
  if (!retrained.empty()) {
    out << "\n## Retrained from scratch\n\n"
        << "The trials above were scored by weights inherited from a supernet (evaluator.supernet = `"
        << markdown_cell(cfg.evaluator.supernet) << "`): estimates. The best " << retrained.size()
        << " were trained again from scratch at the study's budget, " << cfg.supernet.retrain_seeds
        << " seed(s) each (the study's seed + 1, + 2, ...); the best retrained first. Latency and energy are the "
           "chip's and do not change.\n\n"
        << "| Trial | Architecture | Supernet estimate | Retrained accuracy | Seeds | Latency (ms) | Fitness "
           "(estimate) | Fitness (retrained, mean) |\n|---|---|---|---|---|---|---|---|\n";
    for (const RetrainedRow& r : retrained) {
      const TrialRecord& t = trials[r.trial_index];
      out << "| " << t.number << " | " << markdown_cell(architecture(cfg.space, t.params)) << " | "
          << fixed(100 * r.estimate, 2) << " % | "
          << (r.seeds == 0   ? std::string("failed")
              : r.seeds == 1 ? fixed(100 * r.accuracy_mean, 2) + " %"
                             : fixed(100 * r.accuracy_mean, 2) + " ± " + fixed(100 * r.accuracy_std, 2) + " %")
          << " | " << r.seeds << (r.failed ? " (" + std::to_string(r.failed) + " failed)" : std::string()) << " | "
          << fixed(metric_or_nan(t, "latency_ms"), 3) << " | " << (t.fitness ? fixed(*t.fitness, 4) : std::string("--"))
          << " | " << (r.seeds ? fixed(r.fitness_mean, 4) : std::string("--")) << " |\n";
    }
  }
  const StudyStats s = study_stats(trials);
  out << "\n## Study\n\n"
      << "- Trials: " << trials.size() << " (" << s.complete << " complete, " << s.infeasible << " infeasible, "
      << s.failed << " failed, " << s.pruned << " pruned, " << s.abandoned << " abandoned)\n"
      << "- Sampler: " << cfg.sampler.name << ", seed " << cfg.seed << "; space " << cfg.space.preset << "\n"
      << "- Hardware: " << traces::one_line(cfg.hw_config) << "; dataset: " << traces::one_line(dataset) << "\n"
      << "- Architectures seen before and not retrained: " << s.cached << "\n"
      << "- Rejected by a hardware constraint before training: " << s.rejected_before_training
      << " trials, saving about " << fixed(s.training_saved_s, 1) << " s of training (mean training time "
      << fixed(s.mean_train_s, 1) << " s)\n"
      << "- Wall time of all trials: " << fixed(s.total_s, 1) << " s, of which " << fixed(s.overhead_s, 3) << " s ("
      << fixed(s.total_s > 0 ? 100 * s.overhead_s / s.total_s : 0, 3)
      << " %) outside mapping, simulation and training\n";
  out << "- Overrides:";
  if (info.overrides.empty()) out << " none";
  for (const std::string& o : info.overrides) out << " `--set " << o << "`";
  out << "\n- imcnas " << (info.version.empty() ? std::string("(version unknown)") : info.version) << "\n";
  traces::write_file(path.string(), out.str());
}

}  // namespace imc::reports::study
