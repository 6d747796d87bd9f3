# SPDX-License-Identifier: MIT
# imcnas.Network: built-in, blocks, TOML and ONNX networks; errors as exceptions.
import numpy as np
import pytest

import imcnas
from conftest import cli_json, source_path


def test_the_module_says_its_version():
    assert imcnas.__version__.startswith("0.")
    assert "resnet18" in imcnas.builtin_networks()


def test_a_summary_is_the_cli_json():
    for name in ["lenet", "resnet18", "modela"]:
        assert imcnas.Network.builtin(name).summary() == cli_json("net", "show", name)


def test_blocks_take_input_and_classes():
    net = imcnas.Network.from_blocks("VGG/32,RES/32", input=(28, 28, 1), classes=10)
    doc = net.summary()
    assert doc["layers"][0]["output_shape"] == {"height": 28, "width": 28, "channels": 1, "flat": False}
    assert doc["layers"][-1]["output_shape"]["channels"] == 10
    assert net.total_params == doc["total_params"] and net.total_macs == doc["total_macs"]
    assert cli_json("net", "show", "blocks:VGG/32,RES/32", "--input", "28x28x1", "--classes", "10") == doc


def test_a_toml_network_and_its_errors(tmp_path):
    net = imcnas.Network.from_toml(source_path("workloads", "nets", "vgg8.toml"))
    assert net.name == "vgg8"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[[layer]]\nname = "input"\nkind = "inptu"\n')
    with pytest.raises(imcnas.ConfigError, match=r"bad.toml:4.*kind"):
        imcnas.Network.from_toml(str(bad))
    with pytest.raises(ValueError, match="ends in .toml"):
        imcnas.Network.from_toml("lenet")
    with pytest.raises(imcnas.NetworkError, match="no built-in network 'lenet5'"):
        imcnas.Network.builtin("lenet5")


def test_onnx_export_then_import_gives_the_same_network(tmp_path):
    for name in ["resnet18", "modela"]:
        net = imcnas.Network.builtin(name)
        path = tmp_path / (name + ".onnx")
        net.to_onnx(str(path), seed=3)
        back = imcnas.Network.from_onnx(str(path))
        assert back.summary()["layers"] == net.summary()["layers"]
        assert back.total_params == net.total_params and back.total_macs == net.total_macs
        assert back.has_weights and not net.has_weights
        weights = back.weights()
        assert sum(w.size for k, w in weights.items() if not k.endswith(("running_mean", "running_var"))) \
            == net.total_params
        assert all(w.dtype == np.float32 for w in weights.values())


def test_the_exported_model_passes_the_onnx_checker(tmp_path):
    onnx = pytest.importorskip("onnx")
    path = tmp_path / "r18.onnx"
    imcnas.Network.builtin("resnet18").to_onnx(str(path))
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)


def test_an_onnx_model_from_another_writer_is_read_with_its_weights(tiny_onnx_model):
    net = imcnas.Network.from_onnx(str(tiny_onnx_model))
    kinds = [layer["kind"] for layer in net.summary()["layers"]]
    assert kinds == ["input", "conv2d", "relu", "avgpool", "flatten", "linear"]
    onnx = pytest.importorskip("onnx")
    from onnx import numpy_helper
    stored = {t.name: numpy_helper.to_array(t) for t in onnx.load(str(tiny_onnx_model)).graph.initializer}
    np.testing.assert_array_equal(net.weights()["conv.weight"], stored["w"])
    np.testing.assert_array_equal(net.weights()["fc.weight"], stored["fc_w"])


def test_a_dynamic_input_asks_for_the_shape(tiny_onnx_model, tmp_path):
    onnx = pytest.importorskip("onnx")
    model = onnx.load(str(tiny_onnx_model))
    model.graph.input[0].type.tensor_type.shape.dim[2].dim_param = "H"
    model.graph.input[0].type.tensor_type.shape.dim[3].dim_param = "W"
    path = tmp_path / "dynamic.onnx"
    onnx.save(model, str(path))
    with pytest.raises(imcnas.NetworkError, match=r"dynamic shape \[N, 1, H, W\].*input=\(H, W, C\)"):
        imcnas.Network.from_onnx(str(path))
    net = imcnas.Network.from_onnx(str(path), input=(32, 32, 1))
    assert net.summary()["layers"][0]["output_shape"]["height"] == 32


def test_an_unsupported_op_names_the_node(tiny_onnx_model, tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx import helper
    model = onnx.load(str(tiny_onnx_model))
    model.graph.node.append(helper.make_node("Softmax", ["y"], ["p"], name="softmax"))
    model.graph.output[0].name = "p"
    path = tmp_path / "softmax.onnx"
    onnx.save(model, str(path))
    with pytest.raises(imcnas.NetworkError, match=r"node 'softmax' \(Softmax\): op 'Softmax' is not supported"):
        imcnas.Network.from_onnx(str(path))


def test_toml_export_round_trips(tmp_path):
    net = imcnas.Network.builtin("alexnet")
    path = tmp_path / "alexnet.toml"
    net.to_toml(str(path))
    assert imcnas.Network.from_toml(str(path)).summary()["layers"] == net.summary()["layers"]
