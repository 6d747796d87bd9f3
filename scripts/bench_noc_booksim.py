#!/usr/bin/env python3
"""Simulated cycles per second of imcnas' flit-level NoC and of BookSim 2, side by side.

Both run the same 8x8 mesh configuration (one row of tests/data/booksim/booksim-mesh.json's
grid) at the same loads, alternating, REPEATS times each; the medians are compared. imcnas draws
with BookSim's generator and seed, so both simulate the same packets for the same cycles. Build
BookSim first (booksim/booksim2, `make` in src/, with flex and bison) and pass its binary.

    python3 scripts/bench_noc_booksim.py --booksim /path/to/booksim --imcnas build/cli/imcnas
"""
import argparse
import json
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

BASE = {
    "topology": "mesh", "n": 2, "k": 8, "routing_function": "dor", "wait_for_tail_credit": 0,
    "vc_allocator": "separable_input_first", "sw_allocator": "separable_input_first", "alloc_iters": 1,
    "credit_delay": 1, "routing_delay": 1, "vc_alloc_delay": 1, "sw_alloc_delay": 1, "st_final_delay": 1,
    "input_speedup": 1, "output_speedup": 1, "internal_speedup": 1.0, "sim_type": "latency",
    "injection_rate_uses_flits": 1, "injection_process": "bernoulli", "seed": 0, "warmup_periods": 3,
    "sample_period": 10000, "max_samples": 10, "traffic": "uniform", "packet_size": 1, "num_vcs": 4,
    "vc_buf_size": 4,
}


def run_booksim(binary, rate, workdir):
    cfg = dict(BASE, injection_rate=rate)
    path = Path(workdir) / f"booksim-{rate}.cfg"
    path.write_text("".join(f"{k} = {v};\n" for k, v in cfg.items()))
    start = time.perf_counter()
    # BookSim's main returns -1 (255) after a successful run, so its exit code says nothing.
    out = subprocess.run([binary, str(path)], capture_output=True, text=True).stdout
    wall_s = time.perf_counter() - start
    cycles = int(re.search(r"Time taken is (\d+) cycles", out).group(1))
    # BookSim prints each sample period's average before the overall one; the overall is the result.
    overall = out[out.index("Overall Traffic Statistics"):]
    latency = float(re.search(r"Packet latency average = ([0-9.]+)", overall).group(1))
    return cycles, wall_s, latency


def run_imcnas(binary, rate):
    cmd = [binary, "noc", "bench", "--mesh", "8x8", "--traffic", "uniform", "--rate", str(rate),
           "--packet-flits", "1", "--set", "noc.vcs=4", "--set", "noc.vc_buffer_flits=4",
           "--rng", "booksim", "--seed", str(BASE["seed"]), "--json"]  # BookSim's packets: the same cycles
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    wall_s = time.perf_counter() - start
    j = json.loads(out)
    return j["simulated_cycles"], wall_s, j["packet_latency_cycles"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--booksim", required=True)
    ap.add_argument("--imcnas", required=True)
    ap.add_argument("--rates", default="0.1,0.3")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    print(f"{'rate':>5} {'simulator':>8} {'cycles':>9} {'wall (s)':>9} {'cycles/s':>11} {'latency (cycles)':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for rate in (float(r) for r in a.rates.split(",")):
            speeds = {"booksim": [], "imcnas": []}
            for _ in range(a.repeats):
                for name, run in (("booksim", lambda: run_booksim(a.booksim, rate, tmp)),
                                  ("imcnas", lambda: run_imcnas(a.imcnas, rate))):
                    cycles, wall_s, latency = run()
                    speeds[name].append(cycles / wall_s)
                    print(f"{rate:5.2f} {name:>8} {cycles:9d} {wall_s:9.2f} {cycles / wall_s:11.0f} {latency:17.2f}",
                          flush=True)
            b, i = statistics.median(speeds["booksim"]), statistics.median(speeds["imcnas"])
            print(f"rate {rate}: median cycles/s BookSim {b:.0f}, imcnas {i:.0f}, imcnas/BookSim {i / b:.2f}x")


if __name__ == "__main__":
    main()
