// SPDX-License-Identifier: MIT
// best.tex: the best trials as a booktabs table for a paper.
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

/// Text for a LaTeX table cell.
std::string latex(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string("&%$#_{}").find(c) != std::string::npos)
      out += std::string("\\") + c;
    else if (c == '~' || c == '^' || c == '\\')
      out += c == '~' ? "\\textasciitilde{}" : c == '^' ? "\\textasciicircum{}" : "\\textbackslash{}";
    else
      out += c;
  }
  return out;
}

}  // namespace

/// best.tex: the best trials as a booktabs table in Table II's layout, units in the headers.
void write_best_tex(const fs::path& path, const config::SearchConfig& cfg, const std::vector<TrialRecord>& trials,
                    const std::vector<size_t>& rows, size_t columns, const std::string& dataset, const RunInfo& info,
                    const std::vector<RetrainedRow>& retrained) {
  std::ostringstream out;
  const std::string unit = objective_policy(cfg.objective).fitness_unit(cfg.objective);
  out << "% Search " << latex(cfg.name) << ", imcnas " << latex(info.version) << "; needs \\usepackage{booktabs}.\n";
  for (const std::string& o : info.overrides) out << "% --set " << o << "\n";
  out << "\\begin{tabular}{ll" << std::string(columns, 'l') << "rrrr}\n\\toprule\nFF & Dataset";
  for (const std::string& header : space_preset(cfg.space).headers(columns, false)) out << " & " << header;
  out << " & Accuracy (\\%) & Latency (ms) & Energy (mJ) & Fitness" << (unit.empty() ? "" : " (" + unit + ")")
      << " \\\\\n\\midrule\n";
  for (size_t i : rows) {
    const std::vector<std::string> cells = table_cells(cfg, trials[i], dataset, columns);
    for (size_t c = 0; c < cells.size(); ++c) out << (c ? " & " : "") << latex(cells[c]);
    out << " & " << (trials[i].fitness ? fixed(*trials[i].fitness, 4) : std::string("--")) << " \\\\\n";
  }
  out << "\\bottomrule\n\\end{tabular}\n";
  if (!retrained.empty()) {
    // The estimates above, and what the same networks reach trained from scratch.
    out << "\n% The best trials retrained from scratch (" << cfg.supernet.retrain_seeds
        << " seed(s) each): supernet estimate against retrained accuracy (mean $\\pm$ sample std).\n"
        << "\\begin{tabular}{lrrrrr}\n\\toprule\nArchitecture & Supernet (\\%) & Retrained (\\%) & Latency (ms) & "
           "Fitness est."
        << (unit.empty() ? "" : " (" + unit + ")") << " & Fitness retr.\\\\\n\\midrule\n";
    for (const RetrainedRow& r : retrained) {
      const TrialRecord& t = trials[r.trial_index];
      out << latex(architecture(cfg.space, t.params)) << " & " << fixed(100 * r.estimate, 2) << " & "
          << (r.seeds == 0   ? std::string("failed")
              : r.seeds == 1 ? fixed(100 * r.accuracy_mean, 2)
                             : fixed(100 * r.accuracy_mean, 2) + " $\\pm$ " + fixed(100 * r.accuracy_std, 2))
          << " & " << fixed(metric_or_nan(t, "latency_ms"), 3) << " & "
          << (t.fitness ? fixed(*t.fitness, 4) : std::string("--")) << " & "
          << (r.seeds ? fixed(r.fitness_mean, 4) : std::string("--")) << " \\\\\n";
    }
    out << "\\bottomrule\n\\end{tabular}\n";
  }
  traces::write_file(path.string(), out.str());
}

}  // namespace imc::reports::study
