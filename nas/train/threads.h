// SPDX-License-Identifier: MIT
// LibTorch's intra-op threads and the BLAS's own threads must not both use
// every core: oversubscribed, training runs 2.5x slower (docs/benchmarks.md).
#pragma once

namespace imc::nas {

/// Gives LibTorch `threads` threads (0: all cores) and keeps a threaded OpenBLAS
/// (Debian's libblas.so.3 alternative) on one thread.
void configure_threads(int threads);

}  // namespace imc::nas
