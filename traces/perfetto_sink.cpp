// SPDX-License-Identifier: MIT
#include "traces/perfetto_sink.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace imc::traces {
namespace {

/// Trace Event timestamps are microseconds; keep picosecond precision.
double us(uint64_t ps) { return static_cast<double>(ps) * 1e-6; }

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }
/// The shortest text that reads back as `v` (no std::to_string padding).
std::string number(double v) { return nlohmann::json(v).dump(); }

}  // namespace

std::string trace_process_of(const std::string& track) {
  const size_t tile = track.find(".tile_");
  if (tile == std::string::npos) return track.substr(0, track.find('.'));
  const size_t end = track.find('.', tile + 1);
  return track.substr(0, end);
}

PerfettoSink::PerfettoSink(const std::string& path) : m_file(path) {
  m_out.precision(12);
  m_out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"format\":\"imcnas.trace.v2\"},\"traceEvents\":[\n";
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

int PerfettoSink::process_id(const std::string& track) {
  const std::string process = trace_process_of(track);
  auto it = m_processes.find(process);
  if (it != m_processes.end()) return it->second;
  const int pid = static_cast<int>(m_processes.size()) + 1;
  m_processes.emplace(process, pid);
  begin_event();
  m_out << R"({"ph":"M","pid":)" << pid << R"(,"name":"process_name","args":{"name":)" << quoted(process) << "}}";
  begin_event();
  m_out << R"({"ph":"M","pid":)" << pid << R"(,"name":"process_sort_index","args":{"sort_index":)" << pid << "}}";
  return pid;
}

PerfettoSink::TrackId PerfettoSink::track_id(const std::string& track) {
  auto it = m_tracks.find(track);
  if (it != m_tracks.end()) return it->second;
  const TrackId id{process_id(track), static_cast<int>(m_tracks.size()) + 1};  // tids are unique in the file
  m_tracks.emplace(track, id);
  begin_event();
  m_out << R"({"ph":"M","pid":)" << id.pid << R"(,"tid":)" << id.tid << R"(,"name":"thread_name","args":{"name":)"
        << quoted(track) << "}}";
  begin_event();
  m_out << R"({"ph":"M","pid":)" << id.pid << R"(,"tid":)" << id.tid
        << R"(,"name":"thread_sort_index","args":{"sort_index":)" << id.tid << "}}";
  return id;
}

void PerfettoSink::layers(const std::vector<LayerInfo>& layers) {
  nlohmann::json list = nlohmann::json::array();
  for (const LayerInfo& l : layers) list.push_back({{"name", l.name}, {"producers", l.producers}});
  const int pid = process_id("chip");
  begin_event();
  m_out << R"({"ph":"M","pid":)" << pid << R"(,"name":"imcnas_layers","args":{"layers":)" << list.dump() << "}}";
}

void PerfettoSink::mesh(int rows, int cols) {
  const int pid = process_id("chip");
  begin_event();
  m_out << R"({"ph":"M","pid":)" << pid << R"(,"name":"imcnas_mesh","args":{"rows":)" << rows << ",\"cols\":" << cols
        << "}}";
}

void PerfettoSink::busy(const BusyEvent& e) {
  const TrackId id = track_id(e.track);
  begin_event();
  m_out << R"({"ph":"X","pid":)" << id.pid << R"(,"tid":)" << id.tid << ",\"ts\":" << us(e.start_ps)
        << ",\"dur\":" << us(e.duration_ps) << ",\"name\":" << quoted(e.name) << ",\"cat\":" << quoted(e.category)
        << R"(,"args":{"layer":)" << quoted(e.layer_name) << "}}";
}

void PerfettoSink::packet(const PacketEvent& e) {
  // An async slice on the sender's network interface: packets in flight at once overlap,
  // which complete events on one thread may not.
  const TrackId src = track_id(e.src_track + ".ni");
  const long id = ++m_packet_id;
  begin_event();
  m_out << R"({"ph":"b","pid":)" << src.pid << R"(,"tid":)" << src.tid << ",\"ts\":" << us(e.start_ps)
        << ",\"id\":" << id << R"(,"name":"packet","cat":"noc","args":{"layer":)" << quoted(e.layer_name)
        << ",\"bits\":" << number(e.bits) << ",\"hops\":" << e.hops << ",\"src\":" << quoted(e.src_track)
        << ",\"dst\":" << quoted(e.dst_track) << ",\"route\":" << quoted(e.route) << "}}";
  begin_event();
  m_out << R"({"ph":"e","pid":)" << src.pid << R"(,"tid":)" << src.tid << ",\"ts\":" << us(e.end_ps) << ",\"id\":" << id
        << R"(,"name":"packet","cat":"noc"})";
}

void PerfettoSink::counter(const CounterEvent& e) {
  const int pid = process_id(e.track);
  begin_event();
  m_out << R"({"ph":"C","pid":)" << pid << ",\"ts\":" << us(e.time_ps) << ",\"name\":" << quoted(e.track + "." + e.name)
        << R"(,"args":{"value":)" << number(e.value) << "}}";
}

void PerfettoSink::close() {
  if (m_closed) return;
  m_closed = true;
  m_out << "\n]}\n";
  m_file.write(m_out.str());
  m_file.commit();
}

}  // namespace imc::traces
