#!/usr/bin/env python3
"""Latency and NoC energy of every built-in network (and the seed paper's blocks) on one chip in
the three NoC modes, side by side: the table in docs/simulator.md.

    python3 scripts/compare_noc_modes.py [--imcnas build/cli/imcnas] [--hw mnsim-2024]
"""
import argparse
import json
import subprocess
import time

NETWORKS = ["lenet", "modela", "alexnet", "vgg8", "vgg16", "resnet18", "mobilenet", "nacim",
            "blocks:VGG/16,MVGG/16,RES/16"]
MODES = ["hops", "contention", "flit"]


def simulate(imcnas, hw, net, mode):
    start = time.perf_counter()
    out = subprocess.run([imcnas, "simulate", "--hw", hw, net, "--set", "noc.mode=" + mode, "--json"],
                         check=True, capture_output=True, text=True).stdout
    wall_s = time.perf_counter() - start
    j = json.loads(out)
    return {"latency_ms": j["latency_ns"] / 1e6, "analytic_ms": j["analytic_latency_ns"] / 1e6,
            "noc_mj": j["energy_pj"]["noc"] / 1e9, "total_mj": j["energy_pj"]["total"] / 1e9, "wall_s": wall_s}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--imcnas", default="build/cli/imcnas")
    ap.add_argument("--hw", default="mnsim-2024")
    args = ap.parse_args()
    print("| network | analytic (ms) | hops (ms) | contention (ms) | flit (ms) | NoC energy hops / flit (mJ) "
          "| total energy hops / flit (mJ) | wall hops / contention / flit (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for net in NETWORKS:
        r = {m: simulate(args.imcnas, args.hw, net, m) for m in MODES}
        h, c, f = r["hops"], r["contention"], r["flit"]
        print(f"| `{net}` | {h['analytic_ms']:.4f} | {h['latency_ms']:.4f} | {c['latency_ms']:.4f} | "
              f"{f['latency_ms']:.4f} | {h['noc_mj']:.4f} / {f['noc_mj']:.4f} | {h['total_mj']:.4f} / "
              f"{f['total_mj']:.4f} | {h['wall_s']:.2f} / {c['wall_s']:.2f} / {f['wall_s']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
