# SPDX-License-Identifier: MIT
# imcnas.Study: a search run by the CLI (real training on a tiny generated dataset), read back.
import subprocess

import pytest

import imcnas
from conftest import BINARY, SOURCE_DIR, tiny_search


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("study")
    tiny_search(d, '[objective]\nfitness = "accuracy/energy"\n')
    subprocess.run([BINARY, "search", str(d / "search.toml"), "--runs-dir", str(d / "runs"), "--name", "py"],
                   cwd=SOURCE_DIR, check=True, capture_output=True)
    return d / "runs" / "py"


def test_a_study_reads_every_trial(run_dir):
    study = imcnas.Study.open(str(run_dir))
    trials = study.trials()
    assert len(study) == len(trials) == 3
    assert [t["number"] for t in trials] == [0, 1, 2]
    done = [t for t in trials if t["state"] == "complete"]
    assert done, trials
    for t in done:
        assert 0 <= t["metrics"]["accuracy"] <= 1
        assert t["metrics"]["latency_ms"] > 0 and t["fitness"] is not None
        assert "k1" in t["params"]  # the first block's kernels (the encoded space, docs/search.md)
    assert study.meta["seed"] == 1 and study.meta["name"] == "py"  # --name


def test_to_pandas_needs_pandas(run_dir):
    study = imcnas.Study.open(str(run_dir))
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="python3-pandas"):
            study.to_pandas()
        return
    frame = study.to_pandas()
    assert len(frame) == 3 and "accuracy" in frame.columns


def test_a_directory_without_a_study_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="no study.db"):
        imcnas.Study.open(str(tmp_path))
    (tmp_path / "study.db").write_text("not sqlite")
    with pytest.raises(imcnas.StudyError):
        imcnas.Study.open(str(tmp_path))
