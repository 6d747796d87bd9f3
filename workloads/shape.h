// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace imc::workloads {

/// A feature map (height x width x channels) or, when flat, a vector of
/// `channels` features (height = width = 1).
struct Shape {
  int height = 1;
  int width = 1;
  int channels = 1;
  bool flat = false;

  int64_t elements() const { return int64_t{height} * width * channels; }
  /// "32x32x3" for a feature map, "2048" for a flat vector.
  std::string str() const {
    if (flat) return std::to_string(channels);
    return std::to_string(height) + "x" + std::to_string(width) + "x" + std::to_string(channels);
  }
  bool operator==(const Shape& o) const {
    return height == o.height && width == o.width && channels == o.channels && flat == o.flat;
  }
  bool operator!=(const Shape& o) const { return !(*this == o); }
};

/// Parses "HxWxC" (e.g. "32x32x3"); throws std::invalid_argument.
Shape parse_shape(const std::string& text);

}  // namespace imc::workloads
