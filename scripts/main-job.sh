#!/usr/bin/env bash
# The README's main job. It grows with the tool: today it inspects the paper's
# Model A, maps it onto MNSIM's chip, and runs one what-if (a 6-bit ADC).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/cli/imcnas

"$bin" net show modela
"$bin" map --hw configs/hw/mnsim-2024.toml modela
"$bin" map --hw configs/hw/mnsim-2024.toml modela --set adc.bits=6 | tail -6
