// SPDX-License-Identifier: MIT
// The entry point of libimcnas_torch.so.
#include "cli/commands.h"
#include "cli/torch_plugin.h"

extern "C" __attribute__((visibility("default"))) void imcnas_register_torch_commands(CLI::App& app) {
  imc::cli::register_train_command(app);
  imc::cli::register_search_command(app);
  imc::cli::register_supernet_command(app);
}
