#!/usr/bin/env bash
# Writes the normalised outputs of the shipped examples, one file per command, into OUTDIR:
# the --json outputs of net, hw, map and simulate on the presets and built-in networks under
# every placement and NoC mode, a sweep's JSON and sweep.db, and a short search's JSON and
# study.db (trained on a small Fashion-MNIST subset). The golden test compares them with the
# outputs recorded before the architecture change (tests/golden/expected/).
#   bash tests/golden/outputs.sh BIN OUTDIR
set -euo pipefail
bin="$(realpath "$1")"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
norm="python3 $here/normalise.py"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run() {  # run NAME ARGS...: the JSON output of one command
  local name="$1"
  shift
  "$bin" "$@" --json | $norm json > "$out/$name.json"
}

for hw in mnsim-2024 isaac-like edge-small; do run "hw-$hw" hw check "$hw"; done
for net in lenet alexnet vgg8 resnet18 nacim modela; do run "net-$net" net show "$net"; done
for placement in spiral snake row_major zigzag traffic compact optimized; do
  run "map-resnet18-$placement" map --hw mnsim-2024 resnet18 --set chip.placement="$placement"
done
run map-vgg8-balance map --hw mnsim-2024 vgg8 --set mapping.replication=balance
run map-modela-adc-survey map --hw mnsim-2024 modela --set adc.model=survey --set adc.bits=6
for net in modela resnet18 vgg8; do
  run "sim-$net-hops" simulate --hw mnsim-2024 "$net"
  run "sim-$net-contention" simulate --hw mnsim-2024 "$net" --set noc.mode=contention --batch 2
done
run sim-resnet18-compact simulate --hw mnsim-2024 resnet18 --set chip.placement=compact

# A sweep: two axes on two networks, analytic and simulated.
cat > "$work/sweep.toml" <<TOML
[sweep]
name = "golden-sweep"
networks = ["modela", "vgg8"]
level = "simulate"
[hardware]
config = "mnsim-2024"
[[axes]]
key = "adc.bits"
values = [4, 6, 8]
[[axes]]
key = "chip.placement"
values = ["spiral", "compact"]
TOML
(cd "$work" && "$bin" sweep sweep.toml --json) | $norm json > "$out/sweep.json"
$norm db "$work/runs/golden-sweep/sweep.db" > "$out/sweep-db.txt"

# A short search: three trials of the quickstart space, trained on 300 images.
(cd "$work" && "$bin" search "$root/configs/search/quickstart.toml" --name golden-search --trials 3 \
  --set train.subset=300 --set train.validation_subset=200 --set train.threads=1 --json) |
  $norm json > "$out/search.json"
$norm db "$work/runs/golden-search/study.db" > "$out/search-db.txt"

# A Pareto search of the nacim space with NSGA-II: the reports lay out another preset.
(cd "$work" && "$bin" search "$root/configs/search/nacim-pareto.toml" --name golden-pareto --trials 3 \
  --set train.subset=200 --set train.validation_subset=100 --set train.threads=1 \
  --set train.variation_samples=1 --json) | $norm json > "$out/pareto.json"
$norm db "$work/runs/golden-pareto/study.db" > "$out/pareto-db.txt"
# The reports, less their lines of wall time.
for run in golden-search golden-pareto; do
  for f in best.md best.tex; do
    grep -v -e "Wall time" -e "saving about" "$work/runs/$run/$f" |
      sed -E 's/imcnas [0-9.]+ \([^)]*\)/imcnas <version>/' > "$out/$run-$f"
  done
  for f in trials.csv pareto.csv; do $norm csv "$work/runs/$run/$f" > "$out/$run-$f"; done
done

# Paths differ from machine to machine: the scratch directory and the checkout.
for f in "$out"/*; do
  sed -i -e "s|$work|<work>|g" -e "s|$root|<root>|g" "$f"
done
