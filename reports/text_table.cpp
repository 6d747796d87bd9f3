// SPDX-License-Identifier: MIT
#include "reports/text_table.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace imc::reports {

void TextTable::print(std::ostream& os, size_t left_columns) const {
  std::vector<size_t> width;
  for (const auto& row : m_rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (size_t r = 0; r < m_rows.size(); ++r) {
    const auto& row = m_rows[r];
    for (size_t c = 0; c < row.size(); ++c) {
      os << (c ? "  " : "") << (c < left_columns ? std::left : std::right) << std::setw(static_cast<int>(width[c]))
         << row[c];
    }
    os << std::right << "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t w : width) total += w + 2;
      os << std::string(total > 2 ? total - 2 : 0, '-') << "\n";
    }
  }
}

}  // namespace imc::reports
