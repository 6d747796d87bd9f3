// SPDX-License-Identifier: MIT
// How a signed weight sits on crossbars: the one place that says it. The mapper, the cost
// model, the crossbar arithmetic of the chip, the hardware forward pass and the trainer's
// device noise all read these.
#pragma once

namespace imc::config {

/// `pe.polarity = "differential"` (the only polarity): a signed weight is a positive and a
/// negative crossbar subtracted in analog, so a PE holds two crossbars and the sign costs one bit.
inline constexpr int kCrossbarsPerPe = 2;

/// The bits of a weight's magnitude: the sign selects the crossbar.
constexpr int magnitude_bits(int weight_bits) { return weight_bits - 1; }

/// Crossbars (one per PE) that hold a weight's magnitude, `bits_per_cell` bits each, least
/// significant slice first.
constexpr int weight_slices(int weight_bits, int bits_per_cell) {
  return (magnitude_bits(weight_bits) + bits_per_cell - 1) / bits_per_cell;
}

}  // namespace imc::config
