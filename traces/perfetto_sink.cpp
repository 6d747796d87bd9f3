// SPDX-License-Identifier: MIT
#include "traces/perfetto_sink.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace imc::traces {
namespace {

/// Trace Event timestamps are microseconds; keep picosecond precision.
double us(uint64_t ps) { return static_cast<double>(ps) * 1e-6; }

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

}  // namespace

PerfettoSink::PerfettoSink(const std::string& path) : m_file(path) {
  m_out.precision(12);
  m_out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"format\":\"imcnas.trace.v1\"},\"traceEvents\":[\n";
}

PerfettoSink::~PerfettoSink() {
  try {
    close();
  } catch (...) {  // close() is called on the normal path, where its error is reported
  }
}

void PerfettoSink::begin_event() {
  if (m_out.tellp() > (1 << 16)) {
    m_file.write(m_out.str());
    m_out.str("");
  }
  if (!m_first) m_out << ",\n";
  m_first = false;
}

int PerfettoSink::track_id(const std::string& track) {
  auto it = m_tracks.find(track);
  if (it != m_tracks.end()) return it->second;
  const int id = static_cast<int>(m_tracks.size()) + 1;
  m_tracks.emplace(track, id);
  begin_event();
  m_out << R"({"ph":"M","pid":1,"tid":)" << id << R"(,"name":"thread_name","args":{"name":)" << quoted(track) << "}}";
  begin_event();
  m_out << R"({"ph":"M","pid":1,"tid":)" << id << R"(,"name":"thread_sort_index","args":{"sort_index":)" << id << "}}";
  return id;
}

void PerfettoSink::layers(const std::vector<LayerInfo>& layers) {
  nlohmann::json list = nlohmann::json::array();
  for (const LayerInfo& l : layers) list.push_back({{"name", l.name}, {"producers", l.producers}});
  begin_event();
  m_out << R"({"ph":"M","pid":1,"name":"imcnas_layers","args":{"layers":)" << list.dump() << "}}";
}

void PerfettoSink::busy(const BusyEvent& e) {
  const int tid = track_id(e.track);
  begin_event();
  m_out << R"({"ph":"X","pid":1,"tid":)" << tid << ",\"ts\":" << us(e.start_ps) << ",\"dur\":" << us(e.duration_ps)
        << ",\"name\":" << quoted(e.name) << ",\"cat\":" << quoted(e.category) << R"(,"args":{"layer":)"
        << quoted(e.layer_name) << "}}";
}

void PerfettoSink::packet(const PacketEvent& e) {
  // The packet itself sits on the sender's network-interface track; the flow arrow joins both ends.
  const int src = track_id(e.src_track + ".ni");
  const int dst = track_id(e.dst_track + ".ni");
  const long id = ++m_flow_id;
  const std::string args = R"(,"args":{"layer":)" + quoted(e.layer_name) + ",\"bits\":" + std::to_string(e.bits) +
                           ",\"hops\":" + std::to_string(e.hops) + ",\"src\":" + quoted(e.src_track) +
                           ",\"dst\":" + quoted(e.dst_track) + "}";
  begin_event();
  m_out << R"({"ph":"X","pid":1,"tid":)" << src << ",\"ts\":" << us(e.start_ps)
        << ",\"dur\":" << us(e.end_ps - e.start_ps) << R"(,"name":"packet","cat":"noc")" << args << "}";
  begin_event();
  m_out << R"({"ph":"s","pid":1,"tid":)" << src << ",\"ts\":" << us(e.start_ps) << ",\"id\":" << id
        << R"(,"name":"packet","cat":"noc"})";
  begin_event();
  m_out << R"({"ph":"f","bp":"e","pid":1,"tid":)" << dst << ",\"ts\":" << us(e.end_ps) << ",\"id\":" << id
        << R"(,"name":"packet","cat":"noc"})";
}

void PerfettoSink::counter(const CounterEvent& e) {
  begin_event();
  m_out << R"({"ph":"C","pid":1,"ts":)" << us(e.time_ps) << ",\"name\":" << quoted(e.track + "." + e.name)
        << R"(,"args":{"value":)" << e.value << "}}";
}

void PerfettoSink::close() {
  if (m_closed) return;
  m_closed = true;
  m_out << "\n]}\n";
  m_file.write(m_out.str());
  m_file.commit();
}

}  // namespace imc::traces
