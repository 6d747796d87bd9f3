// SPDX-License-Identifier: MIT
// VCD through SystemC's own tracing: per layer, whether a pixel is in flight,
// whether the layer waits for input, and its pixel count; the accumulator's
// queue depth. Signals must exist before the simulation starts, so the probe is
// built with the chip, for the layers of the mapping it will run.
#pragma once

#include <memory>
#include <string>
#include <systemc>
#include <vector>

namespace imc::sim {

class VcdProbe : public sc_core::sc_module {
 public:
  /// Opens `path_stem`.vcd and traces the signals of `layer_names`.
  VcdProbe(sc_core::sc_module_name name, const std::string& path_stem, const std::vector<std::string>& layer_names);
  ~VcdProbe() override;
  /// Flushes and closes the file; no value changes are recorded afterwards.
  void close();

  void busy(size_t layer, bool on);
  void waiting(size_t layer, bool on);
  void pixels(size_t layer, long done);
  void queue_depth(int depth) { m_queue_depth.write(depth); }

 private:
  template <typename T>
  using Signal = sc_core::sc_signal<T, sc_core::SC_MANY_WRITERS>;
  sc_core::sc_trace_file* m_file;  ///< null once closed
  std::vector<std::unique_ptr<Signal<bool>>> m_busy, m_waiting;
  std::vector<std::unique_ptr<Signal<int>>> m_pixels;
  Signal<int> m_queue_depth;
};

}  // namespace imc::sim
