// SPDX-License-Identifier: MIT
// The crossbar arithmetic of systemc_models/pe/crossbar_math.h, vectorized in LibTorch for
// whole batches: a weight matrix cut into the mapper's row groups, bit-sliced onto positive
// and negative arrays with one draw of the chip's cells (device/cell_model.h: variation,
// programming noise, drift, read noise), stuck-at faults and IR drop, inputs streamed in DAC
// chunks, every column sum digitized by the ADC (with its offset, gain and thermal noise), then
// digital shift-and-add of the codes and the drift compensation (docs/accuracy.md). Internal to
// nas/train.
#pragma once

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <map>
#include <memory>
#include <optional>

#include "configs/hw_config.h"
#include "nas/train/layer_bits.h"

namespace imc::nas {

/// What one chip's crossbars are made of, from its hardware config.
struct ChipDevice {
  config::DeviceConfig cells;  ///< the cell model and its keys, variation, stuck-at faults, drift compensation
  double wire_resistance_ohm = 0;
  double adc_offset_sigma_lsb = 0, adc_gain_sigma = 0, adc_thermal_noise_lsb = 0;
  static ChipDevice of(const config::HwConfig& hw);
  /// The same chip with nothing drawn: ideal cells and converters, its wires as they are.
  ChipDevice without_draws() const;
  /// Anything drawn per chip: each chip is then a sample of the Monte-Carlo.
  bool draws() const;
  /// The cells drawn (their model or stuck-at faults), what the weights of a chip depend on.
  bool draws_cells() const;
  bool adc_errors() const { return adc_offset_sigma_lsb > 0 || adc_gain_sigma > 0 || adc_thermal_noise_lsb > 0; }
};

/// One draw of a chip's cells for integer weights (rows x cols): each polarity's levels per slice
/// (slices x rows x cols) at the time of inference, after the cell model and the stuck-at faults.
struct DrawnCells {
  torch::Tensor pos, neg;
  std::vector<torch::Tensor> working;  ///< per polarity, with faults: the cells not stuck
  torch::Tensor compensation;          ///< 1 x cols or 1 x 1: the drift compensation's factors
  bool analog = false;                 ///< the cell model drew (levels are no longer whole)
};
/// `generator` null: the cells hold their targets exactly.
DrawnCells draw_cells(const torch::Tensor& weights, int slices, int cell_bits, const ChipDevice& device,
                      at::Generator* generator);

/// The weights (rows x cols, in weight steps) that cells `diff` (slices x rows x cols, positive
/// minus negative levels) hold: what the one-hot readout of a drift compensation sees.
torch::Tensor held_weights(const torch::Tensor& diff, int cell_bits);

/// The cells noise-aware training draws its weights from: one chip's, per forward pass.
struct TrainingCells {
  ChipDevice device;
  int cell_bits = 1;
  /// Integer weight codes (dim 0: the output channels, the crossbar columns) as a fresh draw of
  /// the cells holds them, from LibTorch's default generator (seeded by the run).
  torch::Tensor held(const torch::Tensor& codes, int weight_bits) const;
};

/// One conv or linear layer programmed into crossbars: one chip of the Monte-Carlo.
class ProgrammedCrossbars {
 public:
  /// `weights`: rows x cols, integer valued, |w| < 2^(weight_bits - 1). The dtype of `weights`
  /// is the dtype of the arithmetic. `generator` draws the cells, faults and converter errors
  /// (none: an ideal chip, nothing drawn).
  ProgrammedCrossbars(const torch::Tensor& weights, const CrossbarGeometry& g, const ChipDevice& device,
                      std::optional<at::Generator> generator);

  /// inputs: M x rows, integer valued, 0 <= x < 2^input_bits. Returns M x cols, in units of
  /// one weight step times one input step. `adc_range`: the column current that maps to the
  /// ADC's top code; 0: the full scale of each row group. `noise_seed` seeds the ADC's thermal
  /// noise of this product (chunk c of the inputs from noise_seed and c).
  torch::Tensor multiply(const torch::Tensor& inputs, int input_bits, double adc_range = 0,
                         uint64_t noise_seed = 0) const;

  /// The column currents (before the ADC) for `inputs`, as |current|, flattened: what a
  /// calibrated ADC range is taken from.
  torch::Tensor current_magnitudes(const torch::Tensor& inputs, int input_bits) const;

  int groups() const { return m_groups; }
  /// Crossbars (row group x weight slice x polarity) with no working cell left.
  int dead_crossbars() const { return m_dead; }

 private:
  CrossbarGeometry m_g;
  int m_rows = 0, m_cols = 0, m_groups = 0, m_slices = 0, m_dead = 0;
  /// Slices packed several to one column of the product, for input rows whose column currents
  /// stay within `bound` (integer conductances only): slice j of a pack scaled by base^j.
  struct Packing {
    double bound = 0;  ///< largest |column current| this packing holds exactly
    double base = 1;
    int per_pack = 1, packs = 0;
    /// Per row group: its rows x (packs * cols), positive minus negative conductance in levels.
    std::vector<torch::Tensor> conductance;
    /// Per digit of a pack: per pack, the shift-and-add weight of the slice at that digit (0: none).
    std::vector<std::vector<double>> digit_shift;
  };
  /// Ascending bounds, each with fewer packs than the next; the last holds every current.
  std::vector<Packing> m_packings;
  std::vector<double> m_full_scale;  ///< per group: its largest column current
  double m_top_level = 1;            ///< the highest conductance level of a cell
  bool m_integral = true;            ///< conductances are whole levels (nothing analog drawn)
  /// Per group, 1 x (slices * cols) in the order of a one-slice packing: each column's ADC gain
  /// and offset (in LSB); undefined for an ideal converter.
  std::vector<torch::Tensor> m_adc_gain, m_adc_offset;
  double m_thermal_lsb = 0;
  torch::Tensor m_compensation;  ///< 1 x cols or 1 x 1: the drift compensation's factors

  /// multiply() for one chunk of inputs; `noise` draws its thermal noise.
  torch::Tensor multiply_chunk(const torch::Tensor& x, int steps, double top, double adc_range,
                               const torch::Tensor& chunk_shift, at::Generator* noise) const;
  /// The currents of each slice from a product with `p.conductance` (consumed): one tensor per digit.
  static std::vector<torch::Tensor> slice_currents(torch::Tensor packed, const Packing& p);
  /// The packing for currents up to `bound`, of the slices of `diff` (slices x rows x cols).
  Packing pack(const torch::Tensor& diff, double bound) const;
  /// DAC chunks that stream an input of `input_bits`.
  int dac_steps(int input_bits) const { return (input_bits + m_g.dac_bits - 1) / m_g.dac_bits; }
};

/// What the hardware forward of a whole network needs besides its weights.
struct HwEvalSpec {
  std::vector<std::optional<CrossbarGeometry>> layers;  ///< per layer index (crossbar_geometries)
  ChipDevice device;
  bool calibrated_range = false;    ///< ADC range from data, else the full scale of each row group
  double range_percentile = 99.99;  ///< calibrated: this percentile of |column current|
};

/// One set of crossbars: a layer's, or one of a grouped conv's sets (mapping::CrossbarLayout).
struct CrossbarSetId {
  size_t layer = 0;
  int set = 0;
  bool operator<(const CrossbarSetId& o) const { return layer != o.layer ? layer < o.layer : set < o.set; }
};
using AdcRanges = std::map<CrossbarSetId, double>;

/// One chip of the Monte-Carlo: each conv or linear layer (each set of a grouped conv) is
/// programmed on its first product with its own draw of variation and faults (seeded by the
/// chip's seed, the layer and the set).
class HwChip {
 public:
  /// `adc_ranges`: per layer, from a calibration chip; `calibrate`: take each layer's range
  /// from the column currents of its first product (the calibration batch).
  HwChip(std::shared_ptr<const HwEvalSpec> spec, uint64_t seed, AdcRanges adc_ranges = {}, bool calibrate = false);
  /// Layer `layer`'s product: `inputs` M x rows (integers; negative ones stream as a second,
  /// negated pass with one bit less), `weights` rows x cols (integers). M x cols.
  /// `set`: which of a grouped conv's sets of crossbars (`weights` and `inputs` are its own).
  torch::Tensor multiply(size_t layer, const torch::Tensor& weights, const torch::Tensor& inputs, int input_bits,
                         bool signed_inputs, int set = 0);
  /// Channel groups per set of crossbars of a conv layer (1: a dense layer, or one group per set).
  int groups_per_set(size_t layer) const;
  const AdcRanges& adc_ranges() const { return m_ranges; }
  /// Crossbars with no working cell, over the layers programmed so far.
  int dead_crossbars() const;

 private:
  /// Layer `layer`'s crossbar geometry; throws std::logic_error for a layer without crossbars.
  const CrossbarGeometry& geometry(size_t layer) const;
  std::shared_ptr<const HwEvalSpec> m_spec;
  uint64_t m_seed;
  AdcRanges m_ranges;
  bool m_calibrate;
  std::map<CrossbarSetId, ProgrammedCrossbars> m_programmed;
  std::map<CrossbarSetId, uint64_t> m_products;  ///< per set: products so far (seeds the thermal noise)
};

/// The largest ADC code on each side of zero.
inline int64_t adc_top_code(int adc_bits) { return (int64_t{1} << (adc_bits - 1)) - 1; }

}  // namespace imc::nas
