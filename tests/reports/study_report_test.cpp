// SPDX-License-Identifier: MIT
// Reports stay well formed whatever text a study holds (issue 27, item 11).
#include "reports/study_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "configs/search_config.h"
#include "traces/csv_writer.h"

namespace imc::reports {
namespace {

using explore::TrialRecord;
using explore::TrialState;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(StudyReport, ADatasetNameWithAPipeAndANewlineStaysInItsCell) {
  const config::SearchConfig cfg = config::parse_search_config(
      "[study]\ntrials = 1\n[space]\nmin_blocks = 1\nmax_blocks = 1\n[hardware]\nconfig = \"mnsim-2024\"\n"
      "[objective]\nfitness = \"accuracy/latency\"\n",
      "s.toml");
  TrialRecord t;
  t.number = 0;
  t.state = TrialState::Complete;
  t.params = {{"n_blocks", 1}, {"bt1", 0}, {"k1", 0}};
  t.metrics = {{"accuracy", 0.5}, {"latency_ms", 0}, {"energy_mj", 1},
               {"area_mm2", 1},   {"crossbars", 1},  {"params", 1}};
  t.fitness = std::numeric_limits<double>::infinity();
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "report_cells";
  std::filesystem::remove_all(dir);
  write_report(dir.string(), cfg, {t}, "mnist|evil\n| forged | row |", false, {{}, "test"});
  const std::string md = read(dir / "best.md");
  std::istringstream lines(md);
  int table_rows = 0;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line.front() == '|') {
      ++table_rows;
      size_t pipes = 0;  // unescaped pipes: the columns of the table
      for (size_t i = 0; i < line.size(); ++i) pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
      EXPECT_EQ(pipes, 7u) << line;  // FF, dataset, one block, accuracy, latency, energy: 6 cells
    }
  EXPECT_EQ(table_rows, 3) << md;  // header, rule, the trial
  EXPECT_NE(md.find("mnist\\|evil\\n\\| forged \\| row \\|"), std::string::npos) << md;
  EXPECT_NE(md.find("fitness inf"), std::string::npos) << md;  // not a blank
}

TEST(CsvWriter, ACommentIsOneLineWhateverItHolds) {
  const std::string path = testing::TempDir() + "comment_test.csv";
  traces::write_csv(path, {{"hardware: /tmp/a\n1,2,3\rx\x01"}, {"a", "b"}, {{"1", "2"}}});
  EXPECT_EQ(read(path), "# hardware: /tmp/a\\n1,2,3\\rx\\x01\na,b\n1,2\n");
}

}  // namespace
}  // namespace imc::reports
