# SPDX-License-Identifier: MIT
# The example script of docs/python.md runs as written (in its own process: it elaborates a chip).
import os
import re
import subprocess
import sys

from conftest import SOURCE_DIR


def test_the_python_docs_example_runs():
    text = open(os.path.join(SOURCE_DIR, "docs", "python.md")).read()
    script = re.search(r"## Example.*?```python\n(.*?)```", text, re.S).group(1)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=os.environ)
    assert out.returncode == 0, out.stderr
    assert "<imcnas.Network 'small_cnn'" in out.stdout
    assert re.search(r"4-bit ADCs: \d+ tiles, \d+ crossbars; simulated latency", out.stdout), out.stdout
    assert re.search(r"8-bit ADCs: .* energy", out.stdout), out.stdout
