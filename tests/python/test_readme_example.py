# SPDX-License-Identifier: MIT
# README.md's examples after set-up run as written from an empty directory: the Python snippet
# (which writes model.onnx), then the shell lines (the search cut to one short trial).
import os
import re
import subprocess
import sys

from conftest import BINARY, SOURCE_DIR


def test_the_readme_examples_run_from_any_directory(tmp_path):
    text = open(os.path.join(SOURCE_DIR, "README.md")).read()
    text = text[text.index("After either command"):]
    shell = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    script = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(BINARY)) + os.pathsep + os.environ.get("PATH", ""))
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert re.search(r"^\d+ tiles; [0-9.e+]+ ns per inference$", out.stdout.strip()), out.stdout
    for line in shell.splitlines():
        command = line.split("#")[0].strip()
        if not command:
            continue
        if command.startswith("imcnas search"):  # the quickstart's 20 trials, cut to one short one
            command += " --trials 1 --set train.subset=300 --set train.validation_subset=200 --runs-dir runs"
        out = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True, env=env)
        assert out.returncode == 0, command + "\n" + out.stdout + out.stderr
