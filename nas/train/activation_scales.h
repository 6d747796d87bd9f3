// SPDX-License-Identifier: MIT
// The fixed quantization ranges of a chip's activations: each layer's crossbar input (its DAC
// full scale and whether it streams signed) and each tensor the chip writes to a buffer. A chip
// sets them once; measured per batch they would make an image's result depend on the other
// images of its batch. Internal to nas/train (docs/accuracy.md, "Activation scales").
#pragma once

#include <torch/torch.h>

#include <map>

namespace imc::nas {

/// The `percentile` of the values of `magnitudes` (non-negative), on a strided sample of at
/// most 2^22 of them: the range a calibrated converter is set to.
double magnitude_percentile(const torch::Tensor& magnitudes, double percentile);

class ActivationScales {
 public:
  /// Ranges are the `percentile` of |x| on the calibration images.
  explicit ActivationScales(double percentile) : m_percentile(percentile) {}

  /// While calibrating, a range not yet known is measured on the tensor it quantizes (the
  /// calibration forward); after freeze() every range is fixed and a missing one is an error.
  void start_calibration() { m_calibrating = true; }
  void freeze() { m_calibrating = false; }

  struct Range {
    double max = 0;          ///< the value of the top code
    bool is_signed = false;  ///< the input streams in two passes, positive and negative
  };
  /// The range of layer `layer`'s crossbar input `x` (signed when calibration saw a negative value).
  Range input(size_t layer, const torch::Tensor& x);
  /// The range of the tensor `x` layer `layer` writes.
  double output(size_t layer, const torch::Tensor& x);

  size_t inputs() const { return m_input.size(); }
  size_t outputs() const { return m_output.size(); }

 private:
  double measure(const torch::Tensor& x) const;
  [[noreturn]] static void missing(const char* what, size_t layer);

  double m_percentile;
  bool m_calibrating = false;
  std::map<size_t, Range> m_input;
  std::map<size_t, double> m_output;
};

}  // namespace imc::nas
