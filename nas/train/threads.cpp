// SPDX-License-Identifier: MIT
#include "nas/train/threads.h"

#include <dlfcn.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

#include "nas/train/memory_policy.h"

namespace imc::nas {

void configure_threads(int threads) {
  keep_freed_memory();
  torch::set_num_threads(threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  // The BLAS is already loaded (LibTorch links it); only OpenBLAS has this knob, in
  // libopenblas.so.0 behind Debian's libblas.so.3 alternative.
  for (const char* lib : {"libopenblas.so.0", "libblas.so.3"}) {
    void* blas = dlopen(lib, RTLD_NOW | RTLD_NOLOAD);
    if (!blas) continue;
    using SetThreads = void (*)(int);
    auto set = reinterpret_cast<SetThreads>(dlsym(blas, "openblas_set_num_threads"));
    if (set) set(1);
    dlclose(blas);
    if (set) break;
  }
}

void configure_worker_threads(int threads) {
  const std::string n = std::to_string(std::max(1, threads));
  setenv("OMP_NUM_THREADS", n.c_str(), 1);
  setenv("OPENBLAS_NUM_THREADS", "1", 1);
  try {
    torch::set_num_interop_threads(1);
  } catch (const std::exception&) {  // inter-op work already started in this process: keep its pool
  }
  configure_threads(std::max(1, threads));
}

}  // namespace imc::nas
