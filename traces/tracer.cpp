// SPDX-License-Identifier: MIT
#include "traces/tracer.h"

namespace imc::traces {

Tracer::Tracer(TraceFilter filter) : m_filter(std::move(filter)) {}

void Tracer::add_sink(std::unique_ptr<TraceSink> sink) { m_sinks.push_back(std::move(sink)); }

bool Tracer::admit(const std::string& layer_name, uint64_t start_ps, uint64_t end_ps) {
  const bool layer_ok = m_filter.layers.empty() || layer_name.empty() || m_filter.layers.count(layer_name) > 0;
  const bool time_ok =
      end_ps >= m_filter.window_start_ps && (!m_filter.window_end_ps || start_ps <= *m_filter.window_end_ps);
  if (!layer_ok || !time_ok || m_closed) return false;
  if (m_written >= m_filter.max_events) {
    ++m_dropped;
    return false;
  }
  ++m_written;
  return true;
}

void Tracer::mesh(int rows, int cols) {
  for (auto& s : m_sinks) s->mesh(rows, cols);
}

void Tracer::layers(const std::vector<LayerInfo>& layers) {
  for (auto& s : m_sinks) s->layers(layers);
}

void Tracer::busy(const BusyEvent& e) {
  if (!admit(e.layer_name, e.start_ps, e.start_ps + e.duration_ps)) return;
  for (auto& s : m_sinks) s->busy(e);
}

void Tracer::packet(const PacketEvent& e) {
  if (!admit(e.layer_name, e.start_ps, e.end_ps)) return;
  for (auto& s : m_sinks) s->packet(e);
}

void Tracer::counter(const CounterEvent& e) {
  if (!admit("", e.time_ps, e.time_ps)) return;
  for (auto& s : m_sinks) s->counter(e);
}

void Tracer::close() {
  if (m_closed) return;
  m_closed = true;
  for (auto& s : m_sinks) s->close();
}

}  // namespace imc::traces
