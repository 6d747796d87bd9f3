// SPDX-License-Identifier: MIT
// Keeping a process's memory bounded while it runs networks of changing shapes one after the
// other (a supernet's paths, a one-shot search's candidates; internal to nas/).
#pragma once

namespace imc::nas {

/// Lets glibc's heap serve tensors up to 32 MB and keep up to 1 GB of freed memory for the next
/// batch, instead of a fresh mapping per tensor (whose pages fault in and whose unmapping stops
/// every thread): docs/benchmarks.md, 0.80 -> 0.40 ms per image evaluated. configure_threads
/// calls it.
void keep_freed_memory();

/// Returns the allocator's free memory to the system now (glibc's malloc_trim; nothing
/// elsewhere): after keep_freed_memory, a loop whose networks change size would otherwise stay at
/// the largest one's memory plus the 1 GB kept.
void release_freed_memory();

/// Turns off oneDNN's primitive cache (LibTorch's CPU convolutions keep a compiled primitive,
/// with its buffers, per tensor shape, up to 1,024 of them: with shapes changing every step,
/// about 0.6 GB on the amin2024 supernet, and slower, not faster). For the whole process; does
/// nothing when LibTorch does not use oneDNN.
void stop_caching_kernels_per_shape();

}  // namespace imc::nas
