// SPDX-License-Identifier: MIT
#include "mapping/pricing.h"

namespace imc::mapping {

double flit_energy_pj(const config::FlitRouterConfig& f, const FlitActions& a) {
  const config::FlitEnergyConfig& e = f.energy;
  const double per_flit_bits = f.flit_bits;  // a partly filled flit moves all its wires
  return per_flit_bits *
             (e.buffer_write_pj_per_bit * double(a.buffer_writes) + e.buffer_read_pj_per_bit * double(a.buffer_reads) +
              e.crossbar_pj_per_bit * double(a.crossbar_traversals) + e.link_pj_per_bit * double(a.link_traversals)) +
         e.vc_allocation_pj * double(a.vc_allocations) + e.sw_allocation_pj * double(a.sw_allocations);
}

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
  // The packet modes price bit-hops; flit mode prices the same packets' router actions.
  const double transport_pj = hw.noc.mode == config::NocMode::Flit
                                  ? flit_energy_pj(hw.noc.flit, c.flit)
                                  : hw.noc.energy_pj_per_bit_hop * c[Component::Noc].bits;
  e.noc_pj = transport_pj + p.output_buffer_mw * busy(Component::MergeRead);
  return e;
}

}  // namespace imc::mapping
