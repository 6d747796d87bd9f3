// SPDX-License-Identifier: MIT
// Benchmark (not a test) of the SystemC chip model. Run from the repository root.
//   sim_bench chip [NET] [RUNS] [totals]   elaborate the whole 64x64 chip once, run NET RUNS
//                                          times (totals: without per-module statistics, as a
//                                          sweep or a search runs it)
//   sim_bench pingpong [N]        two processes passing a token N times: the kernel's limit
#include <chrono>
#include <iostream>
#include <string>
#include <systemc>

#include "systemc_models/chip/chip.h"
#include "workloads/library.h"

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

/// Ping and pong wake each other after 1 ns, like a layer process waiting on a stage.
struct PingPong : sc_core::sc_module {
  long remaining;
  long activations = 0;
  sc_core::sc_event ping, pong;
  PingPong(sc_core::sc_module_name n, long count) : sc_module(n), remaining(count) {
    SC_HAS_PROCESS(PingPong);
    SC_THREAD(pinger);
    SC_THREAD(ponger);
  }
  void pinger() {
    while (remaining-- > 0) {
      ping.notify(1, sc_core::SC_NS);
      ++activations;
      sc_core::wait(pong);
    }
  }
  void ponger() {
    for (;;) {
      ++activations;
      sc_core::wait(ping);
      pong.notify(1, sc_core::SC_NS);
    }
  }
};

int chip_bench(const std::string& net_name, int runs, bool totals_only) {
  const auto hw = imc::config::load_hw_config("configs/hw/mnsim-2024.toml");
  const auto m = imc::mapping::map_network(imc::workloads::load_network({net_name, {}, {}, 256}), hw);
  auto t = Clock::now();
  auto* chip = new imc::sim::Chip("chip", hw);  // lives to the end of the process (SystemC 2.3 teardown is quadratic)
  const double elaborate_ms = ms_since(t);
  imc::sim::RunOptions options;
  options.module_stats = !totals_only;
  chip->run(m, options);  // first run: initialization
  t = Clock::now();
  uint64_t activations = 0;
  double latency_ns = 0;
  for (int i = 0; i < runs; ++i) {
    const auto r = chip->run(m, options);
    activations += r.process_activations;
    latency_ns = r.latency_ns;
  }
  const double run_ms = ms_since(t);
  std::cout << net_name << (totals_only ? " (totals only)" : "") << ": elaborate whole chip " << elaborate_ms << " ms; "
            << run_ms / runs << " ms per run over " << runs << " runs; " << activations / runs
            << " process activations per run; " << activations / (run_ms / 1000) / 1e6 << " M activations/s (latency "
            << latency_ns / 1e6 << " ms)\n";
  return 0;
}

int pingpong_bench(long n) {
  PingPong pp("pp", n);
  const auto t = Clock::now();
  sc_core::sc_start();
  const double ms = ms_since(t);
  std::cout << "ping-pong: " << pp.activations << " activations in " << ms << " ms; "
            << pp.activations / (ms / 1000) / 1e6 << " M activations/s\n";
  return 0;
}

}  // namespace

int sc_main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "chip";
  if (mode == "pingpong") return pingpong_bench(argc > 2 ? std::stol(argv[2]) : 2'000'000);
  return chip_bench(argc > 2 ? argv[2] : "modela", argc > 3 ? std::stoi(argv[3]) : 50,
                    argc > 4 && std::string(argv[4]) == "totals");
}

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
