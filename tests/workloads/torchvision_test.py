#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Issue 26's real networks: torchvision models exported by PyTorch itself import (through the
CLI, and through the Python module when PYTHONPATH finds it), their MACs equal an independent
count from PyTorch forward hooks, they map, and the SystemC simulation agrees with the analytic
model.

    /usr/bin/python3 tests/workloads/torchvision_test.py IMCNAS_BINARY

Most models at 64x64 (reduced from 224 to keep CTest short; the MAC count is checked at the
size exported); alexnet and vgg11 at 224x224, since PyTorch exports their adaptive average
pooling only where the feature map is a multiple of its output. Each must simulate within 1 %
of the analytic latency and energy. scripts/bench_torchvision.py runs them all at 224x224.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
# Issue 26's list, and three more torchvision CNNs (regnet_x_400mf, googlenet, densenet121).
MODELS = {64: ["resnet18", "squeezenet1_0", "mobilenet_v2", "resnet50", "densenet121", "mobilenet_v3_small",
               "efficientnet_b0", "shufflenet_v2_x0_5", "regnet_x_400mf", "googlenet"],
          224: ["alexnet", "vgg11"]}


def imcnas_json(binary, *args):
    out = subprocess.run([binary, *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def python_module():
    """The imcnas module, when PYTHONPATH finds one built for this python3; else None."""
    try:
        import imcnas  # pylint: disable=import-outside-toplevel
        return imcnas
    except ImportError:
        print("the imcnas Python module is not on PYTHONPATH: checking the CLI only", flush=True)
        return None


def check_size(binary, module, size, models, out, failures):
    subprocess.run([sys.executable, os.path.join(SOURCE, "scripts", "export_torchvision.py"), out, "--size",
                    str(size), "--models", ",".join(models)], check=True)
    with open(os.path.join(out, "macs.json")) as f:
        hooks = json.load(f)
    for model in models:
        path = os.path.join(out, model + ".onnx")
        net = imcnas_json(binary, "net", "show", path)
        if net["total_macs"] != hooks[model]["macs"]:
            failures.append(f"{model}: {net['total_macs']} MACs imported, {hooks[model]['macs']} counted by hooks")
        if module is not None:
            macs = module.Network.from_onnx(path).total_macs
            if macs != hooks[model]["macs"]:
                failures.append(f"{model}: {macs} MACs imported by Python, {hooks[model]['macs']} counted by hooks")
        sim = imcnas_json(binary, "simulate", "--hw", "mnsim-2024", path)
        latency_gap = sim["latency_ns"] / sim["analytic_latency_ns"] - 1
        energy_gap = sim["mnsim_energy_pj"] / sim["analytic_mnsim_energy_pj"] - 1
        print(f"{model} at {size}x{size}: {net['total_macs']} MACs (hooks {hooks[model]['macs']}); simulate against "
              f"analytic: latency {100 * latency_gap:+.2f} %, energy {100 * energy_gap:+.2f} %", flush=True)
        if (abs(latency_gap) > 0.01 or abs(energy_gap) > 0.01):
            failures.append(f"{model}: simulate is {100 * latency_gap:+.2f} % (latency) and "
                            f"{100 * energy_gap:+.2f} % (energy) from the analytic model, beyond 1 %")
        os.remove(path)  # vgg11 is 531 MB


def main():
    binary = sys.argv[1]
    module = python_module()
    failures = []
    for size, models in MODELS.items():
        with tempfile.TemporaryDirectory() as out:
            check_size(binary, module, size, models, out, failures)
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
