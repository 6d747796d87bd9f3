# SPDX-License-Identifier: MIT
# Padding per side (issue 26): TensorFlow's SAME padding of an even kernel pads one more row and
# column at the bottom and right; PyTorch writes F.pad as an ONNX Pad that imcnas folds into the
# conv or average pool reading it. A network trained in PyTorch with such pads, exported, and
# scored by imcnas from its own weights must classify the Fashion-MNIST test set exactly as
# PyTorch does: a padding put on the wrong side moves every window and changes the answers.
import gzip
import json
import os
import subprocess

import numpy as np
import pytest

from conftest import BINARY

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(name, offset):
    with gzip.open(os.path.join(DATA, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def test_a_pytorch_net_with_unequal_pads_scores_as_in_pytorch(tmp_path):
    torch = pytest.importorskip("torch")
    if not os.path.exists(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")):
        pytest.skip("Debian's dataset-fashion-mnist is not installed")
    nn, F = torch.nn, torch.nn.functional
    torch.manual_seed(0)

    class Same(nn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv2d(1, 8, 2, stride=2)   # SAME: pad bottom and right by 1
            self.c2 = nn.Conv2d(8, 16, 4, stride=2)  # pad left 1, right 2, top 1, bottom 2
            self.fc = nn.Linear(16 * 3 * 3, 10)

        def forward(self, x):
            x = F.relu(self.c1(F.pad(x, (0, 1, 0, 1))))                   # 28 -> 14
            x = F.avg_pool2d(F.pad(x, (0, 1, 0, 1)), 2, stride=1)          # 14 -> 14, zeros counted
            x = F.relu(self.c2(F.pad(x, (1, 2, 1, 2))))                   # 14 -> 7
            return self.fc(torch.flatten(F.max_pool2d(x, 2), 1))         # 7 -> 3

    def images(name, count):
        x = read_idx(name, 16)[: count * 784].reshape(count, 1, 28, 28).astype(np.float32)
        return torch.from_numpy((x / 255.0 - 0.5) / 0.5)

    model = Same()
    train_x, train_y = images("train-images-idx3-ubyte.gz", 4000), read_idx("train-labels-idx1-ubyte.gz", 8)[:4000]
    train_y = torch.from_numpy(train_y.astype(np.int64))
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    for step in range(0, 4000, 50):
        opt.zero_grad()
        F.cross_entropy(model(train_x[step:step + 50]), train_y[step:step + 50]).backward()
        opt.step()
    model.eval()
    test_x = images("t10k-images-idx3-ubyte.gz", 10000)
    test_y = read_idx("t10k-labels-idx1-ubyte.gz", 8)[:10000]
    with torch.no_grad():
        torch_accuracy = (model(test_x).argmax(1).numpy() == test_y).mean()
    assert torch_accuracy > 0.5  # trained, not chance: a misplaced pad has answers to change

    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), str(tmp_path / "same.onnx"), opset_version=13)
    (tmp_path / "data.toml").write_text(
        'name = "fashion"\nformat = "idx"\n'
        + "".join(f'{k} = "{DATA}/{v}-ubyte.gz"\n' for k, v in [("train_images", "train-images-idx3"),
                                                                 ("train_labels", "train-labels-idx1"),
                                                                 ("test_images", "t10k-images-idx3"),
                                                                 ("test_labels", "t10k-labels-idx1")])
        + "[normalization]\nmean = [0.5]\nstd = [0.5]\n")
    out = subprocess.run([BINARY, "train", "same.onnx", "--epochs", "0", "--data", "data.toml", "--test",
                          "--threads", "1", "--json"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout[out.stdout.index("{"):])
    print(f"test accuracy: PyTorch {torch_accuracy:.4f}, imcnas {result['test_accuracy']['clean']:.4f}")
    # Float sums in another order may flip an image sitting on a decision boundary, not more.
    assert abs(result["test_accuracy"]["clean"] - torch_accuracy) <= 0.0005, (result["test_accuracy"]["clean"], torch_accuracy)
