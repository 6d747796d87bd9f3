// SPDX-License-Identifier: MIT
#include "systemc_models/common/energy_table.h"

namespace imc::sim {

mapping::ComponentEnergy EnergyTable::price(const mapping::LayerMapping& layer, const LayerCounters& c) const {
  // busy_ns is summed over component instances, so power (mW) x busy (ns) = energy (pJ).
  const mapping::PePower p = mapping::pe_power(m_hw, layer.xbar);
  mapping::ComponentEnergy e;
  if (layer.engine == mapping::Engine::Crossbar) {
    e.adc_pj = p.adc_mw * c[Component::Adc].busy_ns;
    e.dac_pj = p.dac_mw * c[Component::Dac].busy_ns;
    e.xbar_pj = p.xbar_mw * c[Component::Xbar].busy_ns;
    e.digital_pj = p.digital_mw * c[Component::Digital].busy_ns;
  }
  e.buffer_pj =
      p.input_buffer_mw * c[Component::InputBuffer].busy_ns + p.output_buffer_mw * c[Component::OutputBuffer].busy_ns;
  e.pooling_pj = m_hw.tile.pooling.power_mw * c[Component::Pooling].busy_ns;
  e.accumulator_pj = m_hw.accumulator.add_power_mw * c[Component::Accumulator].busy_ns +
                     p.output_buffer_mw * c[Component::GlobalBuffer].busy_ns;
  e.noc_pj =
      m_hw.noc.energy_pj_per_bit_hop * c[Component::Noc].bits + p.output_buffer_mw * c[Component::MergeRead].busy_ns;
  return e;
}

}  // namespace imc::sim
