// SPDX-License-Identifier: MIT
#include "traces/csv_writer.h"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "traces/output_file.h"

namespace imc::traces {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string one_line(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "\\x%02x", c);
      out += code;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string csv_number(double v) {
  if (!std::isfinite(v)) return "";
  char text[32];  // %.10g is what an ostream prints at precision 10, without building a stream per number
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}

void write_csv(const std::string& path, const CsvTable& table) {
  OutputFile out(path);
  // A comment is one line whatever its text holds (a path with a newline forged a data row).
  for (const std::string& c : table.comments) out.write("# " + one_line(c) + "\n");
  auto line = [&](const std::vector<std::string>& fields) {
    std::string text;
    for (size_t i = 0; i < fields.size(); ++i) text += (i ? "," : "") + csv_field(fields[i]);
    out.write(text + "\n");
  };
  line(table.header);
  for (const auto& r : table.rows) line(r);
  out.commit();
}

}  // namespace imc::traces
