#!/usr/bin/env bash
# The README's main job: the quickstart search (configs/search/quickstart.toml), a
# real search on Fashion-MNIST that trains every candidate with LibTorch and runs it
# on the SystemC chip, leaving runs/quickstart/ (best.md, trials.csv, pareto.csv,
# plots). Then a short hardware study of the paper's Model A: map, simulate with a
# trace, the trace summary, and one what-if.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/cli/imcnas

# A finished quickstart from an earlier run is kept: the search continues it (a no-op
# when it is complete) instead of refusing to overwrite it.
if [ -f runs/quickstart/study.db ]; then
  "$bin" search --resume runs/quickstart
else
  "$bin" search configs/search/quickstart.toml
fi
echo "--- best model (runs/quickstart/best.md)"
cat runs/quickstart/best.md

echo "--- hardware study of Model A"
"$bin" map --hw configs/hw/mnsim-2024.toml modela
"$bin" simulate --hw configs/hw/mnsim-2024.toml modela --batch 4 --trace traces/out/modela
"$bin" trace summary traces/out/modela --top 5 --heatmap traces/out/modela/links.svg
echo "--- what if: 6-bit ADCs and a contended NoC"
"$bin" simulate --hw configs/hw/mnsim-2024.toml modela --set adc.bits=6 --set noc.mode=contention | tail -12
