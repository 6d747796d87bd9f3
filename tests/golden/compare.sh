#!/usr/bin/env bash
# The golden-output test: the normalised outputs of the shipped examples (outputs.sh) must
# equal, byte for byte, the ones recorded before the architecture change in expected/.
#   bash tests/golden/compare.sh BIN
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
got="$(mktemp -d)"
trap 'rm -rf "$got"' EXIT
bash "$here/outputs.sh" "$1" "$got" > "$got.log" 2>&1 || { cat "$got.log"; rm -f "$got.log"; exit 1; }
rm -f "$got.log"
if diff -r "$here/expected" "$got"; then
  echo "golden outputs: $(ls "$got" | wc -l) files identical"
else
  echo "golden outputs differ from tests/golden/expected (above: expected <, now >)" >&2
  exit 1
fi
