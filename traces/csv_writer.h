// SPDX-License-Identifier: MIT
// Self-describing CSV: '#' comment lines say what the file is and the unit of
// every column, then a header row, then the data.
#pragma once

#include <string>
#include <vector>

namespace imc::traces {

struct CsvTable {
  std::vector<std::string> comments;  ///< written as "# ..." lines
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// Writes the table; throws std::runtime_error if the file cannot be written.
void write_csv(const std::string& path, const CsvTable& table);

/// Quotes a field if it holds a comma, quote, newline or carriage return.
std::string csv_field(const std::string& s);

/// `s` on one line: newlines, carriage returns and other control characters written as escapes
/// (\n, \r, \xNN), for comment lines and Markdown cells.
std::string one_line(const std::string& s);

/// A number for a CSV cell: 10 significant digits, empty when not finite.
std::string csv_number(double v);

}  // namespace imc::traces
