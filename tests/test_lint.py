"""ruff keeps the code clean; run as a test so CI enforces it."""

import subprocess
import sys
from pathlib import Path

from .helpers import ROOT

RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_check():
    result = subprocess.run(
        [str(RUFF), "check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_ruff_format():
    result = subprocess.run(
        [str(RUFF), "format", "--check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
