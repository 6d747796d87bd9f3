# SPDX-License-Identifier: MIT
# docs/onnx.md, "From PyTorch", runs as written in an empty directory: the PyTorch export
# script, then every imcnas command of the section (issue 26's front door).
import os
import re
import subprocess
import sys

import pytest

from conftest import BINARY, SOURCE_DIR


def section(text, title):
    start = text.index("## " + title)
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def test_the_from_pytorch_walkthrough_runs_from_an_empty_directory(tmp_path):
    pytest.importorskip("torch")  # Debian's python3-torch (scripts/install-deps.sh)
    text = section(open(os.path.join(SOURCE_DIR, "docs", "onnx.md")).read(), "From PyTorch")
    script = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in re.search(r"```sh\n(.*?)```", text, re.S).group(1).splitlines()]
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(BINARY)) + os.pathsep + os.environ.get("PATH", ""))
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "cnn.onnx").exists()
    outputs = []
    for command in filter(None, commands):
        assert command.startswith("imcnas "), command
        out = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True, env=env)
        assert out.returncode == 0, command + "\n" + out.stdout + out.stderr
        outputs.append(out.stdout)
    assert "total MACs per inference: 689,920" in outputs[0]
    assert re.search(r"latency: [0-9.]+ ms per inference \(analytic [0-9.]+ ms, [-+]?0\.00 %\)", outputs[2]), outputs[2]
    assert re.search(r"through the crossbars \(accuracy_hw\) [0-9.]+ %", outputs[3]), outputs[3]
    assert (tmp_path / "trained" / "net.onnx").exists()
