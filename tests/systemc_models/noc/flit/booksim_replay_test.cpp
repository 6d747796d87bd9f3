// SPDX-License-Identifier: MIT
// The flit-level routers against BookSim 2 packet by packet: BookSim's own packets (its
// sources, destinations and creation cycles, logged from an instrumented run; see
// tests/data/booksim/traces/README.md) go through imcnas' FlitNetwork, and every packet must
// arrive at the cycle it arrived in BookSim. Loads reach saturation, so allocation, credits and
// head-of-line blocking decide the cycles, not only the pipeline's zero-load latency.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "systemc_models/noc/flit/flit_network.h"

namespace imc::sim::flit {
namespace {

struct TracedPacket {
  int64_t created = 0;
  int src = 0, dst = 0, flits = 1;
  int64_t delivered = -1;
};

struct Trace {
  std::map<std::string, std::string> config;
  std::vector<TracedPacket> packets;
};

Trace read_trace(const std::filesystem::path& file) {
  std::ifstream in(file);
  Trace t;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind('#', 0) == 0) {
      const size_t at = line.find("config:");
      if (at == std::string::npos) continue;
      std::istringstream words(line.substr(at + 7));
      for (std::string word; words >> word;) {
        const size_t eq = word.find('=');
        t.config[word.substr(0, eq)] = word.substr(eq + 1);
      }
      continue;
    }
    TracedPacket p;
    std::istringstream(line) >> p.created >> p.src >> p.dst >> p.flits >> p.delivered;
    t.packets.push_back(p);
  }
  return t;
}

TEST(BookSimReplay, EveryPacketArrivesAtBookSimsCycle) {
  const std::filesystem::path dir = std::filesystem::path(IMCNAS_SOURCE_DIR) / "tests/data/booksim/traces";
  int traces = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    const Trace trace = read_trace(entry.path());
    const std::string name = entry.path().filename().string();
    ASSERT_GT(trace.packets.size(), 1000u) << name;
    ASSERT_EQ(trace.config.at("traffic").empty(), false) << name;
    config::FlitRouterConfig cfg;  // BookSim's one-cycle stages, as the traces were run
    cfg.vcs = std::stoi(trace.config.at("num_vcs"));
    cfg.vc_buffer_flits = std::stoi(trace.config.at("vc_buf_size"));
    cfg.vc_allocator = cfg.sw_allocator = trace.config.at("allocator");
    cfg.credit_delay_cycles = std::stoi(trace.config.at("credit_delay"));
    const int k = std::stoi(trace.config.at("k"));
    FlitNetwork net(k, k, cfg, *routing_registry().at("xy"));  // BookSim's dor

    // BookSim creates packets lazily; entering each at its creation cycle keeps every source's
    // order, which is all the routers see.
    std::vector<size_t> order(trace.packets.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return trace.packets[a].created < trace.packets[b].created; });
    std::vector<int64_t> arrived(trace.packets.size(), -1);
    net.on_delivered([&](const PacketRecord& p) { arrived[p.tag] = p.delivered; });
    size_t next = 0;
    while (next < order.size() || !net.idle()) {
      while (next < order.size() && trace.packets[order[next]].created <= net.cycle()) {
        const TracedPacket& p = trace.packets[order[next]];
        net.enqueue(p.src, p.dst, p.flits, p.created, order[next]);
        ++next;
      }
      net.step();
      ASSERT_LT(net.cycle(), 1'000'000) << name;
    }
    int differ = 0;
    for (size_t i = 0; i < trace.packets.size(); ++i) {
      const TracedPacket& p = trace.packets[i];
      if (p.delivered < 0 || arrived[i] == p.delivered) continue;
      if (++differ <= 5)
        ADD_FAILURE() << name << ": packet " << i << " (" << p.src << " -> " << p.dst << ", created " << p.created
                      << ") arrived at cycle " << arrived[i] << ", in BookSim at " << p.delivered;
    }
    EXPECT_EQ(differ, 0) << name << ": of " << trace.packets.size() << " packets";
    ++traces;
  }
  EXPECT_GE(traces, 6);
}

}  // namespace
}  // namespace imc::sim::flit
