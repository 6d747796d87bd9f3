// SPDX-License-Identifier: MIT
// libFuzzer harness for one config parser, chosen at compile time (IMCNAS_FUZZ_TARGET):
// any input must either parse or throw the parser's documented error. Anything else
// (a crash, a sanitizer report, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "configs/config_error.h"
#include "configs/data_config.h"
#include "configs/hw_config.h"
#include "configs/net_spec.h"
#include "configs/search_config.h"
#include "configs/sweep_config.h"
#include "workloads/network.h"
#include "workloads/onnx_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
#if IMCNAS_FUZZ_TARGET == 1
    imc::config::parse_hw_config(text, "fuzz.toml");
#elif IMCNAS_FUZZ_TARGET == 2
    imc::workloads::Network::build(imc::config::parse_net_text(text, "fuzz.toml"));
#elif IMCNAS_FUZZ_TARGET == 3
    imc::config::parse_search_config(text, "fuzz.toml");
#elif IMCNAS_FUZZ_TARGET == 4
    imc::config::parse_data_config(text, "fuzz.toml");
#elif IMCNAS_FUZZ_TARGET == 5
    const imc::config::SweepConfig sweep = imc::config::parse_sweep_config(text, "fuzz.toml");
    if (sweep.max_points <= 10000) imc::config::sweep_points(sweep);  // bounded: a grid is a product
#elif IMCNAS_FUZZ_TARGET == 6
    try {
      imc::workloads::import_onnx_bytes(text, "fuzz.onnx", std::nullopt);
    } catch (const imc::workloads::NetworkError&) {
    }
    std::istringstream stream(text);  // the shapes-only reader streams the wire format itself
    imc::workloads::import_onnx_stream(stream, "fuzz.onnx", std::nullopt, imc::workloads::OnnxWeights::Skip);
#else
#error "IMCNAS_FUZZ_TARGET must be 1 (hw), 2 (net), 3 (search), 4 (data), 5 (sweep) or 6 (onnx)"
#endif
  } catch (const imc::config::ConfigError&) {
  } catch (const imc::workloads::NetworkError&) {
  }
  return 0;
}
