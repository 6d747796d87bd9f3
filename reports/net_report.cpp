// SPDX-License-Identifier: MIT
#include "reports/net_report.h"

namespace imc::reports {
namespace {

nlohmann::json shape_json(const workloads::Shape& s) {
  return {{"height", s.height}, {"width", s.width}, {"channels", s.channels}, {"flat", s.flat}};
}

}  // namespace

nlohmann::json net_json(const workloads::Network& net) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : net.layers()) {
    nlohmann::json inputs = nlohmann::json::array();
    for (int p : l.producers) inputs.push_back(net.layer(p).name());
    layers.push_back({{"name", l.name()},
                      {"kind", config::layer_kind_name(l.kind())},
                      {"inputs", inputs},
                      {"input_shape", shape_json(l.in)},
                      {"output_shape", shape_json(l.out)},
                      {"params", l.params},
                      {"macs", l.macs}});
  }
  nlohmann::json doc{{"schema", "imcnas.net.v1"},
                     {"network", net.name()},
                     {"source", net.source()},
                     {"layers", layers},
                     {"total_params", net.total_params()},
                     {"total_macs", net.total_macs()}};
  return doc;
}

}  // namespace imc::reports
