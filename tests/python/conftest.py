# SPDX-License-Identifier: MIT
# Shared fixtures of the Python tests: where the repository and the CLI are (CTest sets
# IMCNAS_SOURCE_DIR and IMCNAS_BINARY, and PYTHONPATH to the built module).
import json
import os
import struct
import subprocess

import pytest

SOURCE_DIR = os.environ.get("IMCNAS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("IMCNAS_BINARY", os.path.join(SOURCE_DIR, "build", "cli", "imcnas"))


def cli_json(*args):
    """Runs the imcnas CLI with --json and returns the parsed document."""
    out = subprocess.run([BINARY, *args, "--json"], cwd=SOURCE_DIR, check=True, capture_output=True, text=True)
    return json.loads(out.stdout[out.stdout.index("{"):])


def write_idx(images, labels, n, seed):
    """16x16 grey images of 4 classes: class c lights up quadrant c, plus noise."""
    state = seed * 2654435761 + 1
    with open(images, "wb") as img, open(labels, "wb") as lab:
        img.write(struct.pack(">IIII", 0x803, n, 16, 16))
        lab.write(struct.pack(">II", 0x801, n))
        for i in range(n):
            c = i % 4
            lab.write(bytes([c]))
            pixels = bytearray()
            for y in range(16):
                for x in range(16):
                    state = (state * 1664525 + 1013904223) % 2**32
                    lit = (y // 8) * 2 + (x // 8) == c
                    pixels.append((150 if lit else 20) + (state >> 26))
            img.write(pixels)


def tiny_data(d):
    """A tiny dataset in `d` (data.toml and its IDX files): 256 training and 64 test images."""
    write_idx(d / "train-images", d / "train-labels", 256, 1)
    write_idx(d / "test-images", d / "test-labels", 64, 2)
    (d / "data.toml").write_text(
        'name = "tiny"\nformat = "idx"\nclasses = 4\ntrain_images = "train-images"\n'
        'train_labels = "train-labels"\ntest_images = "test-images"\ntest_labels = "test-labels"\n'
        "[split]\nvalidation_fraction = 0.25\nseed = 0\n")


def tiny_search(d, extra=""):
    """tiny_data in `d` and a search config of it (search.toml; `extra` appended); returns its path."""
    tiny_data(d)
    (d / "search.toml").write_text(
        '[study]\nname = "tiny"\ntrials = 3\nseed = 1\n'
        "[space]\nmin_blocks = 1\nmax_blocks = 2\nkernels = [4, 8]\nhead_hidden = 16\n"
        f'[hardware]\nconfig = "{source_path("configs", "hw", "mnsim-2024.toml")}"\n'
        '[data]\nconfig = "data.toml"\n[train]\nepochs = 1\nbatch_size = 32\nthreads = 1\n' + extra)
    return d / "search.toml"


def source_path(*parts):
    return os.path.join(SOURCE_DIR, *parts)


@pytest.fixture
def tiny_onnx_model(tmp_path):
    """Writes a small network with the onnx package (a third-party writer, as PyTorch would):
    Conv -> Relu -> GlobalAveragePool -> Flatten -> Gemm, with a dynamic batch."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper
    import numpy as np

    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((8, 1, 3, 3)).astype(np.float32), "w")
    b = numpy_helper.from_array(np.zeros(8, np.float32), "b")
    fc_w = numpy_helper.from_array(rng.standard_normal((10, 8)).astype(np.float32), "fc_w")
    fc_b = numpy_helper.from_array(np.zeros(10, np.float32), "fc_b")
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("GlobalAveragePool", ["r"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flat", axis=1),
        helper.make_node("Gemm", ["f", "fc_w", "fc_b"], ["y"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])],
        [w, b, fc_w, fc_b])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    path = tmp_path / "tiny.onnx"
    onnx.save(model, str(path))
    return path
