#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Export torchvision classification models to ONNX as a PyTorch user would, and count their
conv and linear MACs independently with forward hooks.

    /usr/bin/python3 scripts/export_torchvision.py OUT_DIR [--size 224] [--models a,b,...]

Writes OUT_DIR/<model>.onnx (random initial weights, eval mode, opset 13, torch.onnx.export's
defaults) and OUT_DIR/macs.json: {model: {"macs": conv + linear MACs, "size": input side}}.
Needs Debian's python3-torch and python3-torchvision (scripts/install-deps.sh installs them).
"""
import argparse
import json
import os
import sys

import torch
import torchvision

# The models of issue 26's acceptance list (tests/workloads/torchvision_test.py runs four of them).
MODELS = [
    "resnet18", "resnet50", "vgg11", "alexnet", "squeezenet1_0", "mobilenet_v2",
    "mobilenet_v3_small", "shufflenet_v2_x0_5", "efficientnet_b0",
]


def hooked_macs(model, size):
    """Conv and linear MACs of one image, counted from the shapes PyTorch's forward sees."""
    total = [0]

    def conv_hook(module, inputs, output):
        k_h, k_w = module.kernel_size
        per_output = (module.in_channels // module.groups) * k_h * k_w
        total[0] += output.numel() * per_output  # batch 1: every output element is one dot product

    def linear_hook(module, inputs, output):
        total[0] += output.numel() * module.in_features

    handles = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, torch.nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in handles:
        h.remove()
    return total[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--size", type=int, default=224, help="input height and width (default 224)")
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated torchvision model names")
    args = parser.parse_args()
    if args.size < 16 or args.size > 1024:
        sys.exit("export_torchvision: --size must be 16 to 1024")
    os.makedirs(args.out_dir, exist_ok=True)
    torch.manual_seed(0)
    macs = {}
    for name in args.models.split(","):
        if name not in torchvision.models.__dict__:
            sys.exit(f"export_torchvision: torchvision has no model '{name}'")
        model = torchvision.models.__dict__[name](weights=None).eval()
        path = os.path.join(args.out_dir, name + ".onnx")
        torch.onnx.export(model, torch.zeros(1, 3, args.size, args.size), path, opset_version=13)
        macs[name] = {"macs": hooked_macs(model, args.size), "size": args.size}
        print(f"{name}: {path}, {macs[name]['macs']} MACs at {args.size}x{args.size}", flush=True)
    with open(os.path.join(args.out_dir, "macs.json"), "w") as f:
        json.dump(macs, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
