// SPDX-License-Identifier: MIT
// Benchmark (not a test): in-process map + analytic estimate, repeated.
// Usage: map_bench [NET] [REPEATS]; run from the repository root.
#include <chrono>
#include <iostream>

#include "mapping/cost_model.h"
#include "workloads/library.h"

int main(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "resnet18";
  const int repeats = argc > 2 ? std::stoi(argv[2]) : 200;
  const auto hw = imc::config::load_hw_config("configs/hw/mnsim-2024.toml");
  const auto net = imc::workloads::load_network({name, {}, {}, 256});
  double latency_ns = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) latency_ns += imc::mapping::estimate(imc::mapping::map_network(net, hw)).latency_ns;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << name << ": map + estimate " << ms / repeats << " ms per run over " << repeats << " runs (latency "
            << latency_ns / repeats / 1e6 << " ms)\n";
}
