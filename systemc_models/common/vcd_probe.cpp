// SPDX-License-Identifier: MIT
#include "systemc_models/common/vcd_probe.h"

namespace imc::sim {

VcdProbe::VcdProbe(sc_core::sc_module_name name, const std::string& path_stem,
                   const std::vector<std::string>& layer_names)
    : sc_module(name), m_file(sc_core::sc_create_vcd_trace_file(path_stem.c_str())), m_queue_depth("queue_depth") {
  m_file->set_time_unit(1, sc_core::SC_NS);
  for (const std::string& layer : layer_names) {
    m_busy.push_back(std::make_unique<Signal<bool>>((layer + "_busy").c_str()));
    m_waiting.push_back(std::make_unique<Signal<bool>>((layer + "_waiting").c_str()));
    m_pixels.push_back(std::make_unique<Signal<int>>((layer + "_pixels").c_str()));
    sc_core::sc_trace(m_file, *m_busy.back(), "layer." + layer + ".busy");
    sc_core::sc_trace(m_file, *m_waiting.back(), "layer." + layer + ".waiting_for_input");
    sc_core::sc_trace(m_file, *m_pixels.back(), "layer." + layer + ".pixels_done");
  }
  sc_core::sc_trace(m_file, m_queue_depth, "accumulator.queue_depth");
}

VcdProbe::~VcdProbe() { close(); }

void VcdProbe::close() {
  if (m_file) sc_core::sc_close_vcd_trace_file(m_file);
  m_file = nullptr;
}

void VcdProbe::busy(size_t layer, bool on) {
  if (layer < m_busy.size()) m_busy[layer]->write(on);
}
void VcdProbe::waiting(size_t layer, bool on) {
  if (layer < m_waiting.size()) m_waiting[layer]->write(on);
}
void VcdProbe::pixels(size_t layer, long done) {
  if (layer < m_pixels.size()) m_pixels[layer]->write(static_cast<int>(done));
}

}  // namespace imc::sim
