// SPDX-License-Identifier: MIT
#include "traces/csv_writer.h"

#include <fstream>
#include <stdexcept>

namespace imc::traces {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void write_csv(const std::string& path, const CsvTable& table) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  for (const std::string& c : table.comments) out << "# " << c << "\n";
  auto line = [&](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
    out << "\n";
  };
  line(table.header);
  for (const auto& r : table.rows) line(r);
  if (!out) throw std::runtime_error("error while writing " + path);
}

}  // namespace imc::traces
