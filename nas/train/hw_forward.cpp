// SPDX-License-Identifier: MIT
#include "nas/train/hw_forward.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "configs/crossbar_geometry.h"
#include "nas/train/activation_scales.h"
#include "nas/train/device/cell_model.h"
#include "nas/train/device/ir_drop.h"

namespace imc::nas {
namespace {

/// Bytes of one intermediate (the column currents of a chunk of inputs) at most.
constexpr double kChunkBytes = 2.0 * 1024 * 1024;

/// The first `count` base-2^bits digits of non-negative integers (stored as floats), stacked:
/// count x the input's shape. With q_k = floor(x / 2^(k * bits)), digit k is q_k - 2^bits q_(k+1).
/// Exact: scaling by powers of two and flooring integers below 2^24 lose nothing.
torch::Tensor digits(const torch::Tensor& ints, int count, int bits) {
  std::vector<double> scale;
  for (int k = 0; k <= count; ++k) scale.push_back(std::ldexp(1.0, -k * bits));
  std::vector<int64_t> shape(static_cast<size_t>(ints.dim()) + 1, 1);
  shape[0] = count + 1;
  const torch::Tensor q =
      (ints.unsqueeze(0) * torch::tensor(scale, torch::kDouble).to(ints.options()).view(shape)).floor_();
  return q.slice(0, 0, count).sub(q.slice(0, 1, count + 1), std::ldexp(1.0, bits));
}

}  // namespace

ChipDevice ChipDevice::of(const config::HwConfig& hw) {
  ChipDevice d;
  d.cells = hw.device;
  d.wire_resistance_ohm = hw.crossbar.wire_resistance_ohm;
  d.adc_offset_sigma_lsb = hw.adc.offset_sigma_lsb;
  d.adc_gain_sigma = hw.adc.gain_sigma;
  d.adc_thermal_noise_lsb = hw.adc.thermal_noise_lsb;
  return d;
}

ChipDevice ChipDevice::without_draws() const {
  ChipDevice d = *this;
  d.cells.model = "gaussian";
  d.cells.variation_sigma_levels = d.cells.saf_0_rate = d.cells.saf_1_rate = d.cells.time_s = 0;
  d.cells.drift_compensation = "none";
  d.adc_offset_sigma_lsb = d.adc_gain_sigma = d.adc_thermal_noise_lsb = 0;
  return d;
}

bool ChipDevice::draws_cells() const {
  return cell_models().at(cells.model)->draws(cells) || cells.saf_0_rate > 0 || cells.saf_1_rate > 0;
}

bool ChipDevice::draws() const { return draws_cells() || adc_errors(); }

namespace {

/// `levels` (slices x rows x cols) with each crossbar's IR drop folded in: the row groups of
/// `rows_per_group` rows and the column blocks of `cols_per_crossbar` columns are the crossbars.
torch::Tensor with_ir_drop(const torch::Tensor& levels, double top_level, const CrossbarGeometry& g,
                           const ChipDevice& d) {
  if (d.cells.lrs_ohm <= 0 || d.cells.hrs_ohm <= 0)
    throw std::invalid_argument("IR drop needs device.lrs_ohm and device.hrs_ohm");
  const double g_off = 1 / d.cells.hrs_ohm, g_on = 1 / d.cells.lrs_ohm;
  const int64_t rows = levels.size(1), cols = levels.size(2);
  const int64_t block = g.cols_per_crossbar > 0 ? g.cols_per_crossbar : cols;
  torch::Tensor out = levels.clone();
  for (int64_t r0 = 0; r0 < rows; r0 += g.rows_per_group)
    for (int64_t c0 = 0; c0 < cols; c0 += block) {
      torch::Tensor part =
          out.slice(1, r0, std::min(rows, r0 + g.rows_per_group)).slice(2, c0, std::min(cols, c0 + block));
      part.mul_(ir_drop_factors(g_off + part * ((g_on - g_off) / top_level), d.wire_resistance_ohm));
    }
  return out;
}

}  // namespace

torch::Tensor held_weights(const torch::Tensor& diff, int cell_bits) {
  std::vector<double> shift;
  for (int64_t s = 0; s < diff.size(0); ++s) shift.push_back(std::ldexp(1.0, static_cast<int>(s) * cell_bits));
  return (diff * torch::tensor(shift, torch::kDouble).to(diff.options()).view({-1, 1, 1})).sum(0);
}

DrawnCells draw_cells(const torch::Tensor& weights, int slices, int cell_bits, const ChipDevice& device,
                      at::Generator* generator) {
  const auto opts = weights.options();
  const double top_level = std::ldexp(1.0, cell_bits) - 1;
  // slices x rows x cols levels of each polarity: the targets, then the chip's draw of them.
  const torch::Tensor level = digits(weights.abs(), slices, cell_bits);
  DrawnCells d;
  d.pos = level * (weights > 0).to(opts);
  d.neg = level * (weights < 0).to(opts);
  const config::DeviceConfig& config = device.cells;
  const CellModel& model = *cell_models().at(config.model);
  d.analog = generator && model.draws(config);
  torch::Tensor pos_programmed = d.pos, neg_programmed = d.neg;  // the compensation's baseline
  if (d.analog) {
    CellDraw p = model.draw(d.pos, top_level, config, *generator);
    CellDraw n = model.draw(d.neg, top_level, config, *generator);
    d.pos = p.now, pos_programmed = p.programmed;
    d.neg = n.now, neg_programmed = n.programmed;
  }
  const double stuck = config.saf_0_rate + config.saf_1_rate;
  if (generator && stuck > 0) {
    for (auto [now, programmed] : {std::pair{&d.pos, &pos_programmed}, std::pair{&d.neg, &neg_programmed}}) {
      const torch::Tensor u = torch::rand(now->sizes(), *generator, opts);
      const torch::Tensor at_0 = u < config.saf_0_rate, at_1 = (u >= config.saf_0_rate) & (u < stuck);
      for (torch::Tensor* cells_of : {now, programmed})
        *cells_of = torch::where(at_0, torch::zeros_like(*cells_of),
                                 torch::where(at_1, torch::full_like(*cells_of, top_level), *cells_of));
      d.working.push_back(~(at_0 | at_1));
    }
  }
  d.compensation =
      drift_compensations()
          .at(config.drift_compensation)
          ->factors(held_weights(pos_programmed - neg_programmed, cell_bits), held_weights(d.pos - d.neg, cell_bits));
  return d;
}

torch::Tensor TrainingCells::held(const torch::Tensor& codes, int weight_bits) const {
  const torch::Tensor matrix = codes.reshape({codes.size(0), -1}).t();  // rows x cols, as on the crossbars
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  const DrawnCells d = draw_cells(matrix, config::weight_slices(weight_bits, cell_bits), cell_bits, device, &generator);
  return (held_weights(d.pos - d.neg, cell_bits) * d.compensation).t().reshape(codes.sizes());
}

ProgrammedCrossbars::ProgrammedCrossbars(const torch::Tensor& weights, const CrossbarGeometry& g,
                                         const ChipDevice& device, std::optional<at::Generator> generator)
    : m_g(g), m_rows(static_cast<int>(weights.size(0))), m_cols(static_cast<int>(weights.size(1))) {
  if (g.rows_per_group < 1 || g.weight_bits < 2 || g.cell_bits < 1 || g.dac_bits < 1 || g.adc_bits < 2)
    throw std::invalid_argument("crossbar geometry out of range");
  const auto opts = weights.options();
  m_groups = (m_rows + g.rows_per_group - 1) / g.rows_per_group;
  m_slices = config::weight_slices(g.weight_bits, g.cell_bits);
  const double top_level = std::ldexp(1.0, g.cell_bits) - 1;

  DrawnCells cells = draw_cells(weights, m_slices, g.cell_bits, device, generator ? &*generator : nullptr);
  torch::Tensor pos = std::move(cells.pos), neg = std::move(cells.neg);
  m_compensation = std::move(cells.compensation);
  const bool analog = cells.analog;
  const std::vector<torch::Tensor>& working = cells.working;
  if (device.wire_resistance_ohm > 0) {
    pos = with_ir_drop(pos, top_level, g, device);
    neg = with_ir_drop(neg, top_level, g, device);
  }
  const bool adc_errors = generator && device.adc_errors();
  if (adc_errors) {
    for (int k = 0; k < m_groups; ++k) {
      m_adc_gain.push_back(1 + torch::randn({1, int64_t{m_slices} * m_cols}, *generator, opts) * device.adc_gain_sigma);
      m_adc_offset.push_back(torch::randn({1, int64_t{m_slices} * m_cols}, *generator, opts) *
                             device.adc_offset_sigma_lsb);
    }
    m_thermal_lsb = device.adc_thermal_noise_lsb;
  }
  const torch::Tensor diff = pos - neg;  // slices x rows x cols: the analog subtraction of the two crossbars
  m_top_level = top_level;
  const double cell_dac = top_level * (std::ldexp(1.0, g.dac_bits) - 1);
  const double full_scale = double(std::min(m_rows, g.rows_per_group)) * cell_dac;
  // Whole levels and an exact ADC let slices share a column of the product and silent rows be skipped.
  m_integral = !analog && device.wire_resistance_ohm <= 0 && !adc_errors;

  // Input rows with few ones carry small currents, and small currents pack more slices to a
  // column: one packing per bound 2^k - 1 that needs fewer packs than the next larger one
  // (varied conductances do not pack: one packing).
  std::vector<Packing> candidates;
  for (double bound = 1; m_integral && bound < full_scale; bound = 2 * bound + 1)
    candidates.push_back(pack(diff, bound));
  candidates.push_back(pack(diff, full_scale));
  for (size_t i = 0; i < candidates.size(); ++i)
    if (i + 1 == candidates.size() || candidates[i].packs < candidates[i + 1].packs)
      m_packings.push_back(std::move(candidates[i]));

  for (int k = 0; k < m_groups; ++k) {
    const int64_t r0 = int64_t{k} * g.rows_per_group, r1 = std::min<int64_t>(m_rows, r0 + g.rows_per_group);
    m_full_scale.push_back(double(r1 - r0) * cell_dac);
    for (const torch::Tensor& w : working)  // a crossbar (slice, polarity) of this group with every cell stuck
      m_dead += static_cast<int>((w.slice(1, r0, r1).sum(std::vector<int64_t>{1, 2}) == 0).sum().item<int64_t>());
  }
}

ProgrammedCrossbars::Packing ProgrammedCrossbars::pack(const torch::Tensor& diff, double bound) const {
  // With integer conductances several slices share one column of the product, slice j of a
  // pack scaled by base^j. Every partial sum stays an integer the float type holds exactly, and
  // the slices' currents are taken apart again before the ADC.
  const int exact_bits = diff.scalar_type() == torch::kDouble ? 52 : 23;
  Packing p;
  p.bound = bound;
  p.base = std::ldexp(1.0, static_cast<int>(std::ceil(std::log2(2 * bound + 2))));
  while (m_integral && p.per_pack < m_slices &&
         bound * (std::pow(p.base, p.per_pack + 1) - 1) / (p.base - 1) < std::ldexp(1.0, exact_bits))
    ++p.per_pack;
  p.packs = (m_slices + p.per_pack - 1) / p.per_pack;
  std::vector<torch::Tensor> packed;
  for (int q = 0; q < p.packs; ++q) {
    torch::Tensor w = torch::zeros_like(diff[0]);
    for (int j = 0; j < p.per_pack && q * p.per_pack + j < m_slices; ++j)
      w = w + diff[q * p.per_pack + j] * std::pow(p.base, j);
    packed.push_back(w);
  }
  const torch::Tensor stacked = torch::stack(packed);  // packs x rows x cols
  // Per digit j, per pack q: the shift-and-add weight 2^(slice * cell_bits) of slice q * per_pack + j
  // (0 past the last slice).
  for (int j = 0; j < p.per_pack; ++j) {
    std::vector<double> shift;
    for (int q = 0; q < p.packs; ++q) {
      const int slice = q * p.per_pack + j;
      shift.push_back(slice < m_slices ? std::ldexp(1.0, slice * m_g.cell_bits) : 0.0);
    }
    p.digit_shift.push_back(shift);
  }
  for (int k = 0; k < m_groups; ++k) {
    const int64_t r0 = int64_t{k} * m_g.rows_per_group, r1 = std::min<int64_t>(m_rows, r0 + m_g.rows_per_group);
    // rows x (packs * cols): one product gives every slice's column currents.
    p.conductance.push_back(stacked.slice(1, r0, r1).permute({1, 0, 2}).reshape({r1 - r0, -1}).contiguous());
  }
  return p;
}

std::vector<torch::Tensor> ProgrammedCrossbars::slice_currents(torch::Tensor packed, const Packing& p) {
  std::vector<torch::Tensor> out;
  for (int j = 0; j + 1 < p.per_pack; ++j) {
    torch::Tensor high = (packed * (1 / p.base)).round_();  // exact: integers, a power-of-two base
    out.push_back(packed.sub_(high, p.base));               // in place: the signed digit, |digit| < base / 2
    packed = std::move(high);
  }
  out.push_back(packed);
  return out;
}

torch::Tensor ProgrammedCrossbars::current_magnitudes(const torch::Tensor& inputs, int input_bits) const {
  const int steps = dac_steps(input_bits);
  std::vector<torch::Tensor> out;
  const Packing& p = m_packings.back();
  for (int k = 0; k < m_groups; ++k) {
    const torch::Tensor& g = p.conductance[static_cast<size_t>(k)];
    const int64_t r0 = int64_t{k} * m_g.rows_per_group;
    const torch::Tensor planes =
        digits(inputs.slice(1, r0, r0 + g.size(0)), steps, m_g.dac_bits).reshape({-1, g.size(0)});
    const std::vector<torch::Tensor> currents = slice_currents(planes.mm(g), p);
    for (int j = 0; j < p.per_pack; ++j) {  // the packs that hold a slice at digit j
      const int64_t packs = (m_slices - j + p.per_pack - 1) / p.per_pack;
      out.push_back(currents[static_cast<size_t>(j)].slice(1, 0, packs * m_cols).abs().flatten());
    }
  }
  return torch::cat(out);
}

torch::Tensor ProgrammedCrossbars::multiply(const torch::Tensor& inputs, int input_bits, double adc_range,
                                            uint64_t noise_seed) const {
  if (inputs.size(1) != m_rows)
    throw std::invalid_argument("inputs have " + std::to_string(inputs.size(1)) + " rows, the crossbars " +
                                std::to_string(m_rows));
  const int steps = dac_steps(input_bits);
  const double top = static_cast<double>(adc_top_code(m_g.adc_bits));
  const auto opts = inputs.options();
  // The chunks' shifts, 2^(t * dac_bits); the slices' shifts are in each packing's digit_shift.
  std::vector<double> shift;
  for (int t = 0; t < steps; ++t) shift.push_back(std::ldexp(1.0, t * m_g.dac_bits));
  const torch::Tensor chunk_shift = torch::tensor(shift, torch::kDouble).to(opts).view({steps, 1, 1});

  // Inputs in chunks whose column currents stay small (allocations are reused, not faulted in).
  const double per_input = double(steps) * m_slices * m_cols * inputs.element_size();

  // With several threads, at least four chunks per thread, so that they share the work evenly.
  // Thermal noise is drawn per chunk, so then the chunks do not depend on the threads.
  const int64_t threads = at::get_num_threads();
  const bool noisy = m_thermal_lsb > 0;
  const int64_t share = threads > 1 && !noisy ? (inputs.size(0) + 4 * threads - 1) / (4 * threads) : inputs.size(0);
  const int64_t rows_per_chunk = std::max<int64_t>(1, std::min(static_cast<int64_t>(kChunkBytes / per_input), share));
  const int64_t chunks = (inputs.size(0) + rows_per_chunk - 1) / rows_per_chunk;
  std::vector<torch::Tensor> out(static_cast<size_t>(chunks));
  // Each thread takes the next chunk when it is done with one: a chunk's cost follows how sparse
  // its inputs are. Every chunk writes its own output, so the result does not depend on the order.
  std::atomic<int64_t> next{0};
  at::parallel_for(0, std::min(threads, chunks), 1, [&](int64_t, int64_t) {
    for (int64_t c = next++; c < chunks; c = next++) {
      std::optional<at::Generator> noise;
      if (noisy) noise = at::make_generator<at::CPUGeneratorImpl>(noise_seed + 0x9E3779B97F4A7C15ULL * uint64_t(c + 1));
      out[static_cast<size_t>(c)] =
          multiply_chunk(inputs.slice(0, c * rows_per_chunk, std::min(inputs.size(0), (c + 1) * rows_per_chunk)), steps,
                         top, adc_range, chunk_shift, noise ? &*noise : nullptr);
    }
  });
  const torch::Tensor y = out.size() == 1 ? out.front() : torch::cat(out);
  return y.mul_(m_compensation);  // digital, after the shift-and-add: exact when the factor is 1
}

torch::Tensor ProgrammedCrossbars::multiply_chunk(const torch::Tensor& x, int steps, double top, double adc_range,
                                                  const torch::Tensor& chunk_shift, at::Generator* noise) const {
  const auto opts = x.options();
  const int64_t m = x.size(0);
  torch::Tensor y = torch::zeros({m, m_cols}, opts);
  for (int k = 0; k < m_groups; ++k) {
    const int64_t r0 = int64_t{k} * m_g.rows_per_group;
    const int64_t rows = m_packings.back().conductance[static_cast<size_t>(k)].size(0);
    // What the DACs apply, chunk by chunk: (T * M) x rows of this group.
    const torch::Tensor planes = digits(x.slice(1, r0, r0 + rows), steps, m_g.dac_bits).reshape({-1, rows});
    // No column current of an input row exceeds its DAC levels times the highest conductance.
    const torch::Tensor bound = planes.sum(1) * m_top_level;
    const double range = adc_range > 0 ? adc_range : m_full_scale[static_cast<size_t>(k)];
    const double lsb = range > top ? range / top : 1.0;
    // A row whose currents all stay below half an LSB reads code 0 on every column and slice: it
    // is skipped. Bounds are integers; varied conductances are not bounded, so only rows of
    // zeros are skipped then.
    const double silent = m_integral ? std::ceil(lsb / 2) - 1 : 0;
    torch::Tensor codes = torch::zeros({planes.size(0), m_cols}, opts);
    // A converter with offset or noise reads something from silent rows too: none is skipped.
    double below = m_adc_gain.empty() ? silent : -1;
    for (const Packing& p : m_packings) {  // the last packing takes every row above the others
      const double upper = &p == &m_packings.back() ? std::numeric_limits<double>::infinity() : p.bound;
      if (upper <= below) continue;
      const torch::Tensor mask = (bound > below) & (bound <= upper);
      below = upper;
      const torch::Tensor which = mask.nonzero().squeeze(1);
      if (which.numel() == 0) continue;
      const torch::Tensor in = which.numel() == planes.size(0) ? planes : planes.index_select(0, which);
      // n x (packs * C) per digit; the ADC digitizes each, then the slices' codes are shifted and
      // added, pack by pack.
      std::vector<torch::Tensor> currents = slice_currents(in.mm(p.conductance[static_cast<size_t>(k)]), p);
      // A full-scale range never clips whole levels, nor does any range at or above the packing's
      // bound; varied conductances can exceed any bound.
      const bool clips = !m_integral || p.bound > range;
      const int64_t n = in.size(0);
      torch::Tensor part = torch::zeros({n, m_cols}, opts);
      for (int j = 0; j < p.per_pack; ++j) {
        torch::Tensor& v = currents[static_cast<size_t>(j)];  // the ADC, in place
        if (lsb != 1.0) v.div_(lsb);
        if (!m_adc_gain.empty()) {  // one packing of one slice per column: v is n x (slices * cols)
          v.mul_(m_adc_gain[static_cast<size_t>(k)]).add_(m_adc_offset[static_cast<size_t>(k)]);
          if (noise) v.add_(torch::randn(v.sizes(), *noise, opts), m_thermal_lsb);
        }
        if (lsb != 1.0 || !m_integral) v.round_();  // whole levels and lsb 1: already codes
        if (clips) v.clamp_(-top, top);
        const std::vector<double>& shift = p.digit_shift[static_cast<size_t>(j)];
        for (int q = 0; q < p.packs; ++q)
          if (shift[static_cast<size_t>(q)] != 0)
            part.add_(v.narrow(1, int64_t{q} * m_cols, m_cols), shift[static_cast<size_t>(q)]);
      }
      codes.index_copy_(0, which, part);
    }
    // Digital: the chunks' codes shifted and added, scaled by the LSB once.
    y.add_(codes.view({steps, m, m_cols}).mul_(chunk_shift).sum(0).mul_(lsb));
  }
  return y;
}

HwChip::HwChip(std::shared_ptr<const HwEvalSpec> spec, uint64_t seed, AdcRanges adc_ranges, bool calibrate)
    : m_spec(std::move(spec)), m_seed(seed), m_ranges(std::move(adc_ranges)), m_calibrate(calibrate) {}

int HwChip::dead_crossbars() const {
  int dead = 0;
  for (const auto& [set, xbar] : m_programmed) dead += xbar.dead_crossbars();
  return dead;
}

const CrossbarGeometry& HwChip::geometry(size_t layer) const {
  if (layer >= m_spec->layers.size() || !m_spec->layers[layer])
    throw std::logic_error("layer " + std::to_string(layer) + " has no crossbars");
  return *m_spec->layers[layer];
}

int HwChip::groups_per_set(size_t layer) const { return geometry(layer).groups_per_set; }

torch::Tensor HwChip::multiply(size_t layer, const torch::Tensor& weights, const torch::Tensor& inputs, int input_bits,
                               bool signed_inputs, int set) {
  const CrossbarSetId id{layer, set};
  // Set 0 keeps the seeds of a dense layer; the others mix their index in.
  const uint64_t set_seed = (m_seed * 1000003 + layer) + uint64_t(set) * 0x9E3779B97F4A7C15ULL;
  auto it = m_programmed.find(id);
  if (it == m_programmed.end()) {
    std::optional<at::Generator> generator;
    if (m_spec->device.draws()) generator = at::make_generator<at::CPUGeneratorImpl>(set_seed);
    it = m_programmed.emplace(id, ProgrammedCrossbars(weights, geometry(layer), m_spec->device, generator)).first;
  }
  const ProgrammedCrossbars& xbar = it->second;
  // A signed input streams as two unsigned passes, its positive and its negative part.
  const int bits = signed_inputs ? input_bits - 1 : input_bits;
  const torch::Tensor pos = signed_inputs ? inputs.clamp_min(0) : inputs;
  const torch::Tensor neg = signed_inputs ? (-inputs).clamp_min(0) : torch::Tensor();
  if (m_calibrate && !m_ranges.count(id)) {
    torch::Tensor currents = xbar.current_magnitudes(pos, bits);
    if (signed_inputs) currents = torch::cat({currents, xbar.current_magnitudes(neg, bits)});
    m_ranges[id] = std::max(1.0, magnitude_percentile(currents, m_spec->range_percentile));
  }
  const auto range = m_ranges.find(id);
  const double adc_range = range != m_ranges.end() ? range->second : 0.0;
  // Each product draws its own thermal noise: from the chip, the set and how many came before.
  auto noise_seed = [&] { return set_seed * 0xBF58476D1CE4E5B9ULL + m_products[id]++; };
  torch::Tensor y = xbar.multiply(pos, bits, adc_range, noise_seed());
  if (signed_inputs) y = y - xbar.multiply(neg, bits, adc_range, noise_seed());
  return y;
}

}  // namespace imc::nas
