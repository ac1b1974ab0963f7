"""Shared fixtures of the interop suite: the tfrec binary, the reference pipeline, sample CSVs."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def tfrec():
    path = os.environ.get("TFREC", str(ROOT / ".build" / "release" / "tfrec"))
    assert Path(path).is_file(), f"tfrec binary not found at {path}; run scripts/test"
    return path


@pytest.fixture(scope="session")
def reference_pipeline():
    directory = os.environ.get("REFERENCE_DIR", str(ROOT.parent / "shared" / "reference"))
    path = Path(directory) / "reference_pipeline.py"
    assert path.is_file(), f"reference pipeline not found at {path}"
    return str(path)


def run(*args, check=True):
    """Runs a command; returns CompletedProcess with text output."""
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def synth_csv(tfrec, tmp_path_factory):
    """A 6 500-row synthetic MNIST CSV (3 shards of 3000 with the defaults)."""
    path = tmp_path_factory.mktemp("synth") / "synth.csv"
    run(tfrec, "synth", "-o", path, "--rows", 6500, "--seed", 7)
    return path


PYTHON = sys.executable
