// SPDX-License-Identifier: MIT
#include "mapping/pricing.h"

namespace imc::mapping {

ComponentEnergy price(const config::HwConfig& hw, const LayerMapping& l, const LayerCounters& c) {
  const PePower p = pe_power(hw, l.xbar);
  auto busy = [&](Component k) { return c[k].busy_ns; };
  ComponentEnergy e;
  if (l.engine == Engine::Crossbar) {
    e.adc_pj = p.adc_mw * busy(Component::Adc);
    e.dac_pj = p.dac_mw * busy(Component::Dac);
    e.xbar_pj = p.xbar_mw * busy(Component::Xbar);
    e.digital_pj = p.digital_mw * busy(Component::Digital);
    e.adder_pj = adder_tree_mw(hw, l) * busy(Component::IntraTile);
  }
  e.buffer_pj = p.input_buffer_mw * busy(Component::InputBuffer) + p.output_buffer_mw * busy(Component::OutputBuffer);
  e.pooling_pj = hw.tile.pooling.power_mw * busy(Component::Pooling);
  e.accumulator_pj = hw.accumulator.power_mw(accumulator_op(l)) * busy(Component::Accumulator) +
                     p.output_buffer_mw * busy(Component::GlobalBuffer);
  double per_element_pj = 0;  // each fused function once per element
  for (config::Activation f : l.activations) per_element_pj += hw.activation.energy_pj[static_cast<size_t>(f)];
  e.activation_pj = per_element_pj * double(c[Component::Activation].actions);
  e.noc_pj = hw.noc.energy_pj_per_bit_hop * c[Component::Noc].bits + p.output_buffer_mw * busy(Component::MergeRead);
  return e;
}

}  // namespace imc::mapping
