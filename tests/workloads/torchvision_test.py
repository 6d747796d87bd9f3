#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Issue 26's real networks: torchvision models exported by PyTorch itself import, their MACs
equal an independent count from PyTorch forward hooks, they map, and the SystemC simulation
agrees with the analytic model.

    /usr/bin/python3 tests/workloads/torchvision_test.py IMCNAS_BINARY

Models at 64x64 (reduced from 224 to keep CTest short; the MAC count is checked at the size
exported). Each must simulate within 1 % of the analytic latency and energy.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
MODELS = ["resnet18", "squeezenet1_0", "mobilenet_v2", "resnet50", "densenet121", "mobilenet_v3_small",
          "efficientnet_b0"]
SIZE = 64


def imcnas_json(binary, *args):
    out = subprocess.run([binary, *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    binary = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, os.path.join(SOURCE, "scripts", "export_torchvision.py"), out, "--size",
                        str(SIZE), "--models", ",".join(MODELS)], check=True)
        with open(os.path.join(out, "macs.json")) as f:
            hooks = json.load(f)
        for model in MODELS:
            path = os.path.join(out, model + ".onnx")
            net = imcnas_json(binary, "net", "show", path)
            if net["total_macs"] != hooks[model]["macs"]:
                failures.append(f"{model}: {net['total_macs']} MACs imported, {hooks[model]['macs']} counted by hooks")
            sim = imcnas_json(binary, "simulate", "--hw", "mnsim-2024", path)
            latency_gap = sim["latency_ns"] / sim["analytic_latency_ns"] - 1
            energy_gap = sim["mnsim_energy_pj"] / sim["analytic_mnsim_energy_pj"] - 1
            print(f"{model}: {net['total_macs']} MACs (hooks {hooks[model]['macs']}); simulate against analytic: "
                  f"latency {100 * latency_gap:+.2f} %, energy {100 * energy_gap:+.2f} %", flush=True)
            if (abs(latency_gap) > 0.01 or abs(energy_gap) > 0.01):
                failures.append(f"{model}: simulate is {100 * latency_gap:+.2f} % (latency) and "
                                f"{100 * energy_gap:+.2f} % (energy) from the analytic model, beyond 1 %")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
