#!/usr/bin/env bash
# The README's main job. It grows with the tool: today it maps the paper's Model A
# onto MNSIM's chip, simulates it on the SystemC model (with a trace and its
# summary), and runs one what-if (a 6-bit ADC, and NoC contention).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/cli/imcnas

"$bin" map --hw configs/hw/mnsim-2024.toml modela
"$bin" simulate --hw configs/hw/mnsim-2024.toml modela --batch 4 --trace traces/out/modela
"$bin" trace summary traces/out/modela --top 5 --heatmap traces/out/modela/links.svg
echo "--- what if: 6-bit ADCs and a contended NoC"
"$bin" simulate --hw configs/hw/mnsim-2024.toml modela --set adc.bits=6 --set noc.mode=contention | tail -12
