#!/usr/bin/env bash
# The sanitizer job: the whole test suite built with AddressSanitizer and UBSan
# (LibTorch targets included), in build-asan/. CI runs it after the normal suite.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build-asan
log=build-asan/build.log
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
# -O1 -g1 (line tables only: reports keep file and line) instead of RelWithDebInfo's -O2 -g:
# a LibTorch translation unit compiles in 20 s instead of 43 s with a fifth of the object size
# (docs/reliability.md), which halves the job's build on 2 cores.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_MODULE_LINKER_FLAGS="-fsanitize=address,undefined" > "$log" 2>&1 || { cat "$log"; exit 1; }
cmake --build build-asan -j"$(nproc)" >> "$log" 2>&1 || { tail -60 "$log"; exit 1; }

# SystemC switches between its process stacks (QuickThreads) without telling ASan, so a
# fake stack for use-after-return would be wrong: detect_stack_use_after_return=0.
# Leak checking is off: LibTorch and SystemC keep process-lifetime allocations.
export ASAN_OPTIONS="detect_stack_use_after_return=0:detect_leaks=0:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# One known false positive, excluded here and run in the normal job: when an exception ends a
# process after SystemC's processes ran (an interrupted search, a trace write that fails on a
# full disk), ASan's no-return handler takes a SystemC process stack for the thread's stack
# ("ASan is ignoring requested __asan_handle_no_return") and its own sigaltstack call trips over
# stale scope poisoning (docs/reliability.md). Exactly these three tests show it; the third
# provokes a deadlock in the chip on purpose, and the SimulationError leaves the same way.
# The MPI end-to-end tests run in the normal job only: OpenMPI's memory patcher hooks the same
# allocation calls as ASan's allocator, so an instrumented rank is not a fair test of either.
# The install test builds programs against the installed libraries: a packaging test, and the
# instrumented libraries would need the sanitizer runtime in those programs too.
# The golden-output test compares the Release build's bytes with outputs recorded by a Release
# build; this build's -O2 may round differently, and it runs the same commands in other tests.
# The BookSim validation subset is a statistical comparison of long runs (25 s in Release); the
# flit network's own unit tests run its code here.
# The two PyTorch export tests (the torchvision models and the docs' walk-through) spend their
# time exporting with PyTorch and training under instrumentation (215 s and 292 s here against
# 70 s and 23 s); the importer and trainer code they run is covered here by the ONNX and trainer
# unit tests and the CLI training tests, and by fuzz_onnx. They run in the normal job.
ctest --test-dir build-asan --output-on-failure -LE long -j"$(nproc)" \
  -E '^(SearchCli\.InterruptLeavesAConsistentStudy|Cli\.SimulateTraceOnAFullDiskFailsAndLeavesNoPartialFile|Chip\.TheMappersSmallestTileInputBufferIsWhereTheChipStopsDeadlocking|SearchCli\.MpiRanksEvaluateTheTrials|SearchCli\.AKilledMpiRankFailsOnlyItsTrial|project\.install|golden\.outputs|noc\.booksim_validation\.subset|workloads\.torchvision|python\.onnx_walkthrough)$'
