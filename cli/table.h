// SPDX-License-Identifier: MIT
// A plain aligned text table for terminal output.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace imc::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : m_rows{std::move(header)} {}
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  /// Columns after the first `left_columns` are right-aligned (numbers).
  void print(std::ostream& os, size_t left_columns = 2) const;

 private:
  std::vector<std::vector<std::string>> m_rows;
};

/// v with `digits` decimals.
std::string fixed(double v, int digits);

/// 1234567 -> "1,234,567".
std::string with_commas(long long value);

}  // namespace imc::cli
