// SPDX-License-Identifier: MIT
#include "workloads/shape.h"

#include <sstream>
#include <stdexcept>

namespace imc::workloads {

Shape parse_shape(const std::string& text) {
  std::istringstream is(text);
  Shape s;
  char x1 = 0, x2 = 0;
  if (!(is >> s.height >> x1 >> s.width >> x2 >> s.channels) || x1 != 'x' || x2 != 'x' || !is.eof() || s.height < 1 ||
      s.width < 1 || s.channels < 1) {
    throw std::invalid_argument("input shape '" + text + "': expected HxWxC with positive integers, e.g. 32x32x3");
  }
  return s;
}

}  // namespace imc::workloads
