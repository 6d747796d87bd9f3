# SPDX-License-Identifier: MIT
# imcnas.HwConfig, map, Simulator and sweep. One process elaborates one SystemC chip, so every
# Simulator here is an mnsim-2024 chip (or one it can hold).
import json
import os

import pytest

import imcnas
from conftest import cli_json, source_path


def test_presets_and_overrides():
    assert imcnas.HwConfig.presets() == ["edge-small", "isaac-like", "mnsim-2024"]
    hw = imcnas.HwConfig.load("mnsim-2024", {"adc.bits": 6, "chip.placement": "snake"})
    assert hw.summary()["adc_bits"] == 6 and hw.summary()["placement"] == "snake"
    assert hw.summary() == cli_json("hw", "check", "mnsim-2024", "--set", "adc.bits=6", "--set", "chip.placement=snake")


def test_config_errors_keep_the_cli_messages(tmp_path):
    with pytest.raises(imcnas.ConfigError, match=r"adc.bitz: unknown key \(did you mean 'bits'\?\)"):
        imcnas.HwConfig.load("mnsim-2024", {"adc.bitz": 6})
    with pytest.raises(imcnas.ConfigError, match="not a preset"):
        imcnas.HwConfig.load("mnsim")
    broken = tmp_path / "broken.toml"
    broken.write_text(open(source_path("configs", "hw", "mnsim-2024.toml")).read().replace("bits = ", "bits = -", 1))
    with pytest.raises(imcnas.ConfigError, match=r"broken.toml:\d+"):
        imcnas.HwConfig.load(str(broken))


def test_map_is_the_cli_json():
    net = imcnas.Network.builtin("vgg8")
    hw = imcnas.HwConfig.load("mnsim-2024")
    assert imcnas.map(net, hw) == cli_json("map", "--hw", "mnsim-2024", "vgg8")


def test_a_network_that_does_not_fit_is_a_mapping_error():
    with pytest.raises(imcnas.MappingError, match="tiles"):
        imcnas.map(imcnas.Network.builtin("resnet18"), imcnas.HwConfig.load("edge-small"))


def test_an_analytic_sweep_in_process(tmp_path):
    sweep = tmp_path / "sweep.toml"
    sweep.write_text(
        '[sweep]\nname = "py"\nnetworks = ["lenet"]\nlevel = "analytic"\n'
        f'[hardware]\nconfig = "{source_path("configs", "hw", "mnsim-2024.toml")}"\n'
        '[[axes]]\nkey = "adc.bits"\nvalues = [4, 8]\n')
    rows = imcnas.sweep(str(sweep))
    assert [r["point"]["adc.bits"] for r in rows] == ["4", "8"]
    assert all(r["feasible"] for r in rows)
    assert rows[0]["metrics"]["energy_mj"] < rows[1]["metrics"]["energy_mj"]
    with pytest.raises(imcnas.ConfigError, match="sweep.levle"):
        imcnas.sweep(str(sweep), {"sweep.levle": "simulate"})


# Last in the file, and every error before the first run: under AddressSanitizer a C++ exception
# thrown after SystemC's processes have run leaves stale stack poisoning (scripts/sanitize.sh).
def test_the_simulator_gives_the_cli_result_and_refuses_another_chip(tmp_path):
    sim = imcnas.Simulator(imcnas.HwConfig.load("mnsim-2024"))
    # A chip this one can hold (another ADC) runs on it; another mesh is a clear error.
    other = imcnas.Simulator(imcnas.HwConfig.load("mnsim-2024", {"adc.bits": 4}))
    with pytest.raises(RuntimeError, match="SystemC elaborates once per process"):
        imcnas.Simulator(imcnas.HwConfig.load("edge-small"))
    lenet = imcnas.Network.builtin("lenet")
    result = sim.run(lenet)
    cli = cli_json("simulate", "--hw", "mnsim-2024", "lenet")
    for key in ["latency_ns", "energy_pj", "area_mm2", "layers"]:
        assert result[key] == cli[key], key
    # Again on the same chip: bit-identical.
    assert sim.run(lenet) == result
    assert other.run(lenet)["energy_pj"] != result["energy_pj"]
    traced = sim.run(lenet, trace_dir=str(tmp_path / "trace"))
    assert traced["trace"]["events"] > 0
    assert "traceEvents" in json.load(open(tmp_path / "trace" / "trace.json"))
    assert os.path.exists(tmp_path / "trace" / "layers.csv")
