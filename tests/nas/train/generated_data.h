// SPDX-License-Identifier: MIT
// A small generated dataset for the training tests (no files, learnable in a few steps).
#pragma once

#include <random>

#include "nas/train/dataset.h"

namespace imc::nas::test_data {

/// Two classes on 8x8 grey images: bright left half or bright right half, plus noise.
inline DataSplits two_halves(size_t train, size_t validation, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(0, 60);
  auto make = [&](size_t n) {
    ImageSet s;
    s.height = s.width = 8;
    s.channels = 1;
    s.classes = 2;
    for (size_t i = 0; i < n; ++i) {
      const int label = static_cast<int>(i % 2);
      for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) s.pixels.push_back(uint8_t(((c < 4) == (label == 0) ? 180 : 0) + noise(rng)));
      s.labels.push_back(label);
    }
    return s;
  };
  DataSplits d;
  d.name = "two-halves";
  d.train = make(train);
  d.validation = make(validation);
  d.test = make(validation);
  d.mean = {0.4};
  d.std = {0.4};
  return d;
}

}  // namespace imc::nas::test_data
