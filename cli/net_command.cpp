// SPDX-License-Identifier: MIT
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/net_options.h"
#include "cli/table.h"
#include "configs/hw_presets.h"
#include "configs/net_writer.h"
#include "imcnas_version.h"
#include "reports/net_report.h"
#include "traces/output_file.h"
#include "workloads/onnx_export.h"
#include "workloads/onnx_import.h"

namespace imc::cli {
namespace {

std::string inputs_text(const workloads::Network& net, const workloads::Layer& l) {
  std::string out;
  for (int p : l.producers) out += (out.empty() ? "" : ",") + net.layer(p).name();
  return out.empty() ? "-" : out;
}

void print_table(const workloads::Network& net) {
  std::cout << "network " << net.name() << " (" << net.source() << ")\n\n";
  TextTable table({"layer", "kind", "inputs", "input shape", "output shape", "params", "MACs"});
  for (const auto& l : net.layers()) {
    table.add({l.name(), config::layer_kind_name(l.kind()), inputs_text(net, l), l.in.str(), l.out.str(),
               with_commas(l.params), with_commas(l.macs)});
  }
  table.print(std::cout, 3);
  std::cout << "\nlayers: " << net.layers().size() << "\n"
            << "total params: " << with_commas(net.total_params()) << "\n"
            << "total MACs per inference: " << with_commas(net.total_macs()) << "\n";
}

/// Writes NET as a network TOML or an ONNX model (with the file's own weights, else untrained ones).
void export_net(const NetOptions& opts, const std::string& out, uint64_t seed) {
  const workloads::NetRequest request = opts.request();
  workloads::ResolvedNet resolved = workloads::resolve_net(request);
  const workloads::Network net = workloads::Network::build(resolved.spec);
  if (config::is_toml_path(out)) {
    traces::write_file(out, config::net_spec_toml(resolved.spec));
    std::cout << "wrote " << out << " (" << net.layers().size() << " layers)\n";
    return;
  }
  if (!workloads::is_onnx_path(out)) {
    throw std::invalid_argument("--output " + out + ": expected a .toml or .onnx file name");
  }
  workloads::NetWeights weights = std::move(resolved.weights);
  const bool trained = !weights.empty();
  if (!trained) weights = workloads::initial_weights(net, seed);
  traces::write_file(out, workloads::export_onnx_bytes(net, weights, IMCNAS_VERSION));
  std::cout << "wrote " << out << " (" << net.layers().size() << " layers, "
            << (trained ? "the weights of " + request.net : "untrained weights, seed " + std::to_string(seed)) << ")\n";
}

}  // namespace

void register_net_command(CLI::App& app) {
  CLI::App* net_cmd = app.add_subcommand("net", "inspect a network: layers, shapes, parameters, MACs");
  net_cmd->require_subcommand(1);

  auto show_opts = std::make_shared<NetOptions>();
  auto json = std::make_shared<bool>(false);
  CLI::App* show = net_cmd->add_subcommand("show", "print a table per layer: kind, shapes, parameters, MACs");
  show_opts->add_to(*show);
  show->add_flag("--json", *json, "print JSON instead (schema in docs/json.md)");
  show->callback([show_opts, json] {
    const workloads::Network net = workloads::load_network(show_opts->request());
    if (*json) {
      std::cout << reports::net_json(net).dump(2) << "\n";
    } else {
      print_table(net);
    }
  });

  auto dot_opts = std::make_shared<NetOptions>();
  CLI::App* dot = net_cmd->add_subcommand("dot", "write the network as Graphviz (pipe into `dot -Tsvg`)");
  dot_opts->add_to(*dot);
  dot->callback([dot_opts] { std::cout << workloads::load_network(dot_opts->request()).to_dot(); });

  auto export_opts = std::make_shared<NetOptions>();
  auto out = std::make_shared<std::string>();
  auto seed = std::make_shared<uint64_t>(0);
  CLI::App* exp = net_cmd->add_subcommand(
      "export",
      "write the network as a network TOML or an ONNX model (docs/onnx.md); an untrained network "
      "gets PyTorch's initial weights");
  export_opts->add_to(*exp);
  exp->add_option("-o,--output", *out, "FILE.toml or FILE.onnx")->required();
  exp->add_option("--seed", *seed, "seed of the untrained weights")->capture_default_str();
  exp->callback([export_opts, out, seed] { export_net(*export_opts, *out, *seed); });
}

}  // namespace imc::cli
