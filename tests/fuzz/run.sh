#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for a bounded
# time on a seed corpus (the shipped configs plus tests/fuzz/corpus/). Exits non-zero on
# any crash, leak or sanitizer report. Usage: bash tests/fuzz/run.sh [SECONDS_PER_HARNESS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
build=build-fuzz
mkdir -p "$build"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMCNAS_FUZZ=ON \
  > "$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }
cmake --build "$build" -j"$(nproc)" >> "$build/build.log" 2>&1 || { tail -50 "$build/build.log"; exit 1; }

declare -A seeds=(
  [hw]="configs/hw"
  [net]="workloads/nets tests/fuzz/corpus/net"
  [search]="configs/search"
  [data]="tests/fuzz/corpus/data"
  [sweep]="configs/sweeps tests/fuzz/corpus/sweep"
  [onnx]="tests/fuzz/corpus/onnx"
  [toml]=""
  [study]=""
)
status=0
for target in hw net search data sweep onnx toml study; do
  corpus="$build/corpus_$target"   # new inputs land here; the seed folders stay as committed
  mkdir -p "$corpus"
  log="$build/fuzz_$target.log"
  # -timeout: one input may take at most 10 s; -rss_limit_mb: a runaway allocation is a finding.
  # shellcheck disable=SC2086
  if "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 "$corpus" ${seeds[$target]} > "$log" 2>&1; then
    result="ok"
  else
    result="FAILED"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz_$target: $result, $runs executions in ${seconds} s"
  [ "$result" = ok ] || tail -40 "$log"
done
exit $status
