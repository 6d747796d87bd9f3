// SPDX-License-Identifier: MIT
// What a person sees while a search runs: on a terminal, one progress bar line
// redrawn in place; otherwise (a log file, CI) one plain line per event.
#pragma once

#include <ostream>

#include "configs/search_config.h"
#include "nas/search/search_runner.h"

namespace imc::cli {

class SearchProgressPrinter {
 public:
  SearchProgressPrinter(std::ostream& out, bool terminal, const config::SearchConfig& cfg);
  void operator()(const nas::SearchProgress& p);
  /// Ends the bar's line, so the next output starts on a fresh one.
  void finish();

 private:
  std::ostream& m_out;
  bool m_terminal;
  const config::SearchConfig& m_cfg;
  bool m_bar_drawn = false;
};

/// "4m12s", "37s", "1h05m".
std::string duration_text(double seconds);

}  // namespace imc::cli
