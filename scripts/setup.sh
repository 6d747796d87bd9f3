#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a working imcnas:
#   bash scripts/setup.sh run    installs, builds, runs the main job
#   bash scripts/setup.sh test   installs, builds, runs the test suite
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
case "$mode" in run|test) ;; *) echo "usage: bash scripts/setup.sh run|test" >&2; exit 2 ;; esac

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
bash scripts/install-cli.sh            # then `imcnas` is on PATH (/usr/local/bin)
bash scripts/install-python-module.sh  # then `python3 -c "import imcnas"` works (docs/python.md)

if [ "$mode" = test ]; then
  # Long runs carry the CTest label "long" and are left to `ctest -L long`.
  ctest --test-dir build --output-on-failure -LE long -j"$(nproc)"
else
  bash scripts/main-job.sh
fi
