// SPDX-License-Identifier: MIT
// The LibTorch commands (train, and later search) live in a plugin that the
// imcnas binary loads only when one of them runs: LibTorch's start-up costs
// about 0.6 s, ten times a whole simulation.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace imc::cli {

/// The symbol the plugin exports; it registers the LibTorch subcommands on `app`.
constexpr const char* kTorchPluginEntry = "imcnas_register_torch_commands";
using RegisterTorchCommands = void (*)(CLI::App& app);

/// Names of the subcommands the plugin provides.
bool is_torch_command(const std::string& name);

/// Loads the plugin (next to the executable, or $IMCNAS_TORCH_PLUGIN) and registers its
/// commands. Throws std::runtime_error naming the file if it cannot.
void load_torch_commands(CLI::App& app);

/// Lightweight stand-ins, so that `imcnas --help` lists the commands without loading LibTorch.
void register_torch_command_stubs(CLI::App& app);

}  // namespace imc::cli
