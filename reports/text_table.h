// SPDX-License-Identifier: MIT
// A plain aligned text table for terminal output.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "traces/number_format.h"

namespace imc::reports {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : m_rows{std::move(header)} {}
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  /// Columns after the first `left_columns` are right-aligned (numbers).
  void print(std::ostream& os, size_t left_columns = 2) const;

 private:
  std::vector<std::vector<std::string>> m_rows;
};

using traces::fixed;
using traces::with_commas;

}  // namespace imc::reports
