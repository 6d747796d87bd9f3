#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Issue 26's benchmark: every torchvision model of the acceptance list (and any other given)
exported by PyTorch at 224x224, then imported, mapped and simulated by imcnas on a preset.

    /usr/bin/python3 scripts/bench_torchvision.py [--imcnas build/cli/imcnas] [--hw mnsim-2024]
        [--size 224] [--models a,b,...] [--out DIR]

Per model: conv and linear MACs against PyTorch's forward-hook count, `net show`, `map` and
`simulate` wall time, tiles, the buffer sizes `map --fit-buffers` had to raise (and passes on to
`simulate` as --set), and the simulated latency against the analytic one. docs/onnx.md holds a
run's table with its machine and date. Needs Debian's python3-torch and python3-torchvision.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from export_torchvision import MODELS  # noqa: E402  (the acceptance list)


def timed_json(*command):
    start = time.perf_counter()
    out = subprocess.run(list(command) + ["--json"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise RuntimeError(" ".join(command) + " failed:\n" + out.stderr.strip())
    return json.loads(out.stdout), seconds


def bench(imcnas, hw, path):
    net, show_s = timed_json(imcnas, "net", "show", path)
    mapped, map_s = timed_json(imcnas, "map", "--hw", hw, path, "--fit-buffers")
    sets = []
    for fitted in mapped.get("fitted_buffers", []):  # "buffer.tile_input_bytes = 226304 (was 65536)"
        key, value = re.match(r"(\S+) = (\S+)", fitted).groups()
        sets += ["--set", f"{key}={value}"]
    sim, sim_s = timed_json(imcnas, "simulate", "--hw", hw, path, *sets)
    return {"macs": net["total_macs"], "show_s": show_s, "map_s": map_s, "tiles": mapped["tiles"],
            "fitted": mapped.get("fitted_buffers", []), "simulate_s": sim_s, "latency_ms": sim["latency_ns"] / 1e6,
            "gap": sim["latency_ns"] / sim["analytic_latency_ns"] - 1}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imcnas", default=os.path.join(HERE, "..", "build", "cli", "imcnas"))
    parser.add_argument("--hw", default="mnsim-2024")
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--out", help="keep the exported models here (default: a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or tmp
        subprocess.run([sys.executable, os.path.join(HERE, "export_torchvision.py"), out, "--size", str(args.size),
                        "--models", args.models], check=True)
        with open(os.path.join(out, "macs.json")) as f:
            hooks = json.load(f)
        print(f"| model ({args.size}x{args.size}) | MACs (hooks) | net show (s) | map (s) | tiles | buffers raised by "
              f"--fit-buffers | simulate (s) | latency (ms) | against analytic |")
        print("|---|---|---|---|---|---|---|---|---|")
        failed = False
        for model in args.models.split(","):
            try:
                r = bench(args.imcnas, args.hw, os.path.join(out, model + ".onnx"))
            except RuntimeError as e:
                print(f"| {model} | error: {str(e).splitlines()[-1]} | | | | | | | |", flush=True)
                failed = True
                continue
            macs = f"{r['macs']:,}" + (" (equal)" if r["macs"] == hooks[model]["macs"] else
                                       f" (hooks {hooks[model]['macs']:,})")
            print(f"| {model} | {macs} | {r['show_s']:.2f} | {r['map_s']:.2f} | {r['tiles']:,} | "
                  f"{'; '.join(r['fitted']) or 'none'} | {r['simulate_s']:.2f} | {r['latency_ms']:.3f} | "
                  f"{100 * r['gap']:+.2f} % |", flush=True)
            failed |= r["macs"] != hooks[model]["macs"] or abs(r["gap"]) > 0.01
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
