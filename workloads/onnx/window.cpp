// SPDX-License-Identifier: MIT
#include "workloads/onnx/window.h"

#include <string>
#include <vector>

namespace imc::workloads::onnx_import {

Window read_window(const Attributes& attrs, int64_t kernel_from_weights) {
  std::vector<int64_t> k = attrs.integers("kernel_shape");
  if (k.empty() && kernel_from_weights > 0) k = {kernel_from_weights, kernel_from_weights};
  if (k.size() != 2 || k[0] != k[1] || k[0] < 1 || k[0] > 1024) {
    attrs.fail("kernel_shape", "expected a square 2-D kernel of 1 to 1024");
  }
  Window w;
  w.kernel = static_cast<int>(k[0]);
  const std::vector<int64_t> s = attrs.integers("strides");
  if (!s.empty() && (s.size() != 2 || s[0] != s[1] || s[0] < 1 || s[0] > 1024)) {
    attrs.fail("strides", "expected two equal strides of 1 to 1024");
  }
  w.stride = s.empty() ? 1 : static_cast<int>(s[0]);
  const std::vector<int64_t> p = attrs.integers("pads");
  if (!p.empty()) {
    if (p.size() != 4) attrs.fail("pads", "expected four pads of a 2-D window: [top, left, bottom, right]");
    for (int64_t side : p)
      if (side < 0 || side > 1024) attrs.fail("pads", "expected pads of 0 to 1024");
    w.padding = {static_cast<int>(p[0]), static_cast<int>(p[1]), static_cast<int>(p[2]), static_cast<int>(p[3])};
  }
  const std::string auto_pad = attrs.text("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID") {
    attrs.fail("auto_pad", "is '" + auto_pad + "'; supported: NOTSET with explicit pads, or VALID");
  }
  if (auto_pad == "VALID" && w.padding.any()) attrs.fail("auto_pad", "VALID with non-zero pads");
  for (int64_t d : attrs.integers("dilations")) {
    if (d != 1) attrs.fail("dilations", "must all be 1");
  }
  return w;
}

}  // namespace imc::workloads::onnx_import
