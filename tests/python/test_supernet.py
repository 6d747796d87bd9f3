# SPDX-License-Identifier: MIT
# imcnas.Supernet: a supernet trained by the CLI on a tiny generated dataset, scored from Python.
import subprocess

import pytest

import imcnas
from conftest import BINARY, SOURCE_DIR, source_path, tiny_search


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("supernet")
    tiny_search(d, "[supernet]\nepochs = 2\nbn_recalibration_images = 64\n")
    subprocess.run([BINARY, "supernet", "train", str(d / "search.toml"), "--runs-dir", str(d / "runs"), "--name", "sn"],
                   cwd=SOURCE_DIR, check=True, capture_output=True)
    return d / "runs" / "sn"


def test_a_candidate_is_scored_by_inherited_weights(run_dir):
    s = imcnas.Supernet.open(str(run_dir))
    r = s.evaluate("VGG/8,RES/4")
    assert r["architecture"] == "VGG/8,RES/4"
    assert r["evaluator"] == "oneshot"
    assert 0 <= r["accuracy_quantized"] <= 1
    assert r["latency_ms"] > 0
    assert "accuracy_hw" not in r
    # On a chip of its own: accuracy through its crossbars, and its latency.
    hw = s.evaluate("VGG/8,RES/4", hw=source_path("configs", "hw", "mnsim-2024.toml"), set={"adc.bits": 6})
    assert 0 <= hw["accuracy_hw"] <= 1


def test_an_architecture_outside_the_space_says_what_it_offers(run_dir):
    with pytest.raises(ValueError, match="it offers 4, 8"):
        imcnas.Supernet.open(str(run_dir)).evaluate("VGG/16")
    with pytest.raises(ValueError, match="give hw too"):
        imcnas.Supernet.open(str(run_dir)).evaluate("VGG/8", set={"adc.bits": 6})


def test_a_directory_without_a_supernet_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="no supernet.toml"):
        imcnas.Supernet.open(str(tmp_path))
