// SPDX-License-Identifier: MIT
#include "cli/torch_plugin.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace imc::cli {

bool is_torch_command(const std::string& name) { return name == "train" || name == "search" || name == "supernet"; }

void load_torch_commands(CLI::App& app) {
  std::string path;
  if (const char* env = std::getenv("IMCNAS_TORCH_PLUGIN")) {
    path = env;
  } else {
    // Next to the executable in a build tree; under lib/imcnas/ once installed.
    const std::filesystem::path exe_dir = std::filesystem::read_symlink("/proc/self/exe").parent_path();
    path = (exe_dir / "libimcnas_torch.so").string();
    const std::filesystem::path installed = exe_dir / IMCNAS_PLUGIN_RELDIR / "libimcnas_torch.so";
    if (!std::filesystem::exists(path) && std::filesystem::exists(installed))
      path = installed.lexically_normal().string();
  }
  // OpenMP threads that spin while they wait for a core another process holds collapse
  // training on a loaded machine (docs/benchmarks.md, "Thread discipline"); the runtime reads
  // this once, when LibTorch loads it. A user's own setting wins.
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  // LibTorch's threads do the work; a threaded OpenBLAS would start its own pool when it loads
  // (training forces it to one thread anyway), and a search could then not fork its workers.
  setenv("OPENBLAS_NUM_THREADS", "1", 1);
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw std::runtime_error("cannot load the LibTorch plugin " + path + ": " + dlerror());
  auto entry = reinterpret_cast<RegisterTorchCommands>(dlsym(handle, kTorchPluginEntry));
  if (!entry) throw std::runtime_error(path + " has no " + kTorchPluginEntry);
  entry(app);  // the plugin stays loaded for the life of the process
}

void register_torch_command_stubs(CLI::App& app) {
  app.add_subcommand("train", "train a network with LibTorch and report IMC-aware accuracy")
      ->allow_extras()
      ->prefix_command();
  app.add_subcommand("search", "neural architecture search scored by training and simulation")
      ->allow_extras()
      ->prefix_command();
  app.add_subcommand("supernet", "one-shot search: a weight-sharing supernet of a search space")
      ->allow_extras()
      ->prefix_command();
}

}  // namespace imc::cli
