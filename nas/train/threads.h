// SPDX-License-Identifier: MIT
// LibTorch's intra-op threads and the BLAS's own threads must not both use
// every core: oversubscribed, training runs 2.5x slower (docs/benchmarks.md).
#pragma once

namespace imc::nas {

/// Gives LibTorch `threads` threads (0: all cores) and keeps a threaded OpenBLAS
/// (Debian's libblas.so.3 alternative) on one thread. Also lets glibc serve tensors up to
/// 32 MB from its heap and keep freed memory for reuse, instead of mapping and unmapping each
/// one (2x faster evaluation, docs/benchmarks.md).
void configure_threads(int threads);

/// For a fresh worker process, before it trains: `threads` intra-op threads, one inter-op
/// thread, and OMP_NUM_THREADS and OPENBLAS_NUM_THREADS saying the same to anything that reads
/// them later, so N workers on a machine share its cores instead of each taking all of them.
void configure_worker_threads(int threads);

}  // namespace imc::nas
