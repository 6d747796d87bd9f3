#!/usr/bin/env bash
# The README's main job. It grows with the tool: today it inspects the
# paper's Model A and validates the MNSIM preset with a what-if override.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/cli/imcnas

"$bin" net show modela
"$bin" hw check configs/hw/mnsim-2024.toml --set adc.bits=6
