// SPDX-License-Identifier: MIT
#include "nas/train/memory_policy.h"

#include <dlfcn.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace imc::nas {

void keep_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's largest threshold
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

void release_freed_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

void stop_caching_kernels_per_shape() {
  // Looked up in the oneDNN LibTorch has loaded, if any: no build dependency on its headers.
  void* dnnl = dlopen("libdnnl.so.2", RTLD_LAZY | RTLD_NOLOAD);
  if (!dnnl) return;
  using SetCapacity = int (*)(int);
  if (auto set = reinterpret_cast<SetCapacity>(dlsym(dnnl, "dnnl_set_primitive_cache_capacity"))) set(0);
  dlclose(dnnl);
}

}  // namespace imc::nas
